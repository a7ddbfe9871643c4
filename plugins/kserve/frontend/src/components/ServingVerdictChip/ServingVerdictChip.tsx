import { ServingVerdict } from '@mlops-portal/plugin-kserve-common';
import { RunStatusChip } from '@mlops-portal/plugin-mlops-react';
import { verdictCategory, verdictLabel } from '../format';

/**
 * Props of {@link ServingVerdictChip}.
 *
 * @public
 */
export interface ServingVerdictChipProps {
  /** The verdict the backend read from the InferenceService. */
  verdict: ServingVerdict;
}

/**
 * The serving verdict as a chip in the kit's colours: Ready green, a canary blue (a rollout in
 * progress, not health), Progressing pending, Degraded warning, Failed error, Stopped neutral.
 *
 * @public
 */
export function ServingVerdictChip(props: ServingVerdictChipProps) {
  const { verdict } = props;
  return (
    <span data-verdict={verdict.kind}>
      <RunStatusChip
        status={verdict.kind}
        label={verdictLabel(verdict)}
        category={verdictCategory(verdict)}
      />
    </span>
  );
}
