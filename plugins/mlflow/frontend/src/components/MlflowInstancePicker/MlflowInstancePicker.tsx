import { useEffect } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  FieldExtensionComponentProps,
  makeFieldSchema,
} from '@backstage/plugin-scaffolder-react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { mlflowApiRef } from '../../api/MlflowBackendApi';

/** What the field returns: an instance name, or `''` for the default instance. */
export const MlflowInstancePickerFieldSchema = makeFieldSchema({
  output: z => z.string(),
  uiOptions: z => z.object({}),
});

/** The name a template uses in `ui:field`. */
export const MLFLOW_INSTANCE_PICKER = 'MlflowInstancePicker';

const DEFAULT_TITLE = 'MLflow instance';

/**
 * A select of the configured MLflow instances (`GET /api/mlflow/instances`); the value is the
 * instance's name. An empty value is preselected with the default instance. When the list cannot
 * be loaded the field says so and stays empty, which the MLflow steps read as the default instance.
 */
export function MlflowInstancePicker(
  props: FieldExtensionComponentProps<string>,
) {
  const {
    onChange,
    formData,
    required,
    disabled,
    readonly,
    rawErrors,
    idSchema,
    uiSchema,
    schema: { title = DEFAULT_TITLE, description },
  } = props;
  const api = useApi(mlflowApiRef);
  const { value, loading, error } = useAsync(() => api.listInstances(), [api]);
  const instances = value?.instances;
  const defaultInstance =
    instances?.find(instance => instance.default) ?? instances?.[0];

  useEffect(() => {
    if (!formData && defaultInstance) {
      onChange(defaultInstance.name);
    }
  }, [formData, defaultInstance, onChange]);

  const selected = formData ?? '';
  // A value not in the list (yet): shown as it is, and flagged once the list is known.
  const unlisted =
    selected !== '' && !instances?.some(instance => instance.name === selected);
  const unknown = unlisted && instances !== undefined;

  let problem: string | undefined;
  if (error) {
    // A ResponseError's own message is only the status; its cause is what the backend said.
    const reason =
      error instanceof ResponseError ? error.cause.message : error.message;
    problem = `Could not load the MLflow instances: ${reason}. Leave this empty to use the default instance.`;
  } else if (instances?.length === 0) {
    problem =
      'No MLflow instance is configured (mlflow.instances in app-config).';
  } else if (unknown) {
    problem = `'${selected}' is not a configured MLflow instance.`;
  }
  const help =
    (uiSchema?.['ui:description'] as string | undefined) ?? description;

  return (
    <TextField
      id={idSchema?.$id}
      select
      fullWidth
      margin="normal"
      label={title}
      required={required}
      disabled={disabled || readonly || loading || !instances?.length}
      value={selected}
      onChange={event => onChange(String(event.target.value))}
      error={problem !== undefined || (rawErrors?.length ?? 0) > 0}
      helperText={
        loading ? 'Loading the MLflow instances…' : problem ?? help ?? ''
      }
      FormHelperTextProps={{ role: problem ? 'alert' : undefined }}
      SelectProps={{ displayEmpty: true }}
      InputLabelProps={{ shrink: true }}
    >
      {/* Empty is the default instance; offered only until there is a list to choose from. */}
      {!instances?.length && <MenuItem value="">The default instance</MenuItem>}
      {unlisted && <MenuItem value={selected}>{selected}</MenuItem>}
      {instances?.map(instance => (
        <MenuItem key={instance.name} value={instance.name}>
          {instance.default ? `${instance.name} (default)` : instance.name}
        </MenuItem>
      ))}
    </TextField>
  );
}
