import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { describeInferenceService } from '@mlops-portal/plugin-kserve-common';
import {
  canaryObject,
  cluster,
  degradedObject,
  rawDeploymentObject,
  readyObject,
  revision,
} from '../../__fixtures__/data';
import { TrafficSplitBar } from './TrafficSplitBar';

function render(raw: unknown, specPercent?: number) {
  const is = describeInferenceService(raw, cluster);
  return renderInTestApp(
    <TrafficSplitBar
      traffic={is.traffic}
      predictor={{
        ...is.predictor,
        canaryTrafficPercent: specPercent ?? is.predictor.canaryTrafficPercent,
      }}
    />,
  );
}

const segments = () =>
  Array.from(
    screen.getByRole('img', { name: /^Traffic:/ }).children,
  ) as HTMLElement[];

describe('TrafficSplitBar', () => {
  it('draws the stable revision left and the canary right, each as wide as its share', async () => {
    await render(canaryObject);
    expect(screen.getByRole('img', { name: /^Traffic:/ })).toHaveAccessibleName(
      `Traffic: ${revision(4)} (stable, tag prev) 80 %, ${revision(
        5,
      )} (canary, tag latest) 20 %`,
    );
    expect(
      segments().map(s => [s.dataset.role, s.style.width, s.textContent]),
    ).toEqual([
      ['stable', '80%', '80 %'],
      ['canary', '20%', '20 %'],
    ]);
    const legend = within(screen.getByRole('list', { name: 'Traffic split' }));
    expect(legend.getAllByRole('listitem').map(li => li.textContent)).toEqual([
      `80 % stable · ${revision(4)} · tag prev`,
      `20 % canary · ${revision(5)} · tag latest`,
    ]);
    // a tag links to the revision's own URL
    expect(legend.getByRole('link', { name: 'latest' })).toHaveAttribute(
      'href',
      'https://latest-fraud-detector.fraud-detection.example.com',
    );
    expect(screen.queryByText(/The spec asks/)).not.toBeInTheDocument();
  });

  it('shows one revision with all traffic as neither stable nor canary', async () => {
    await render(readyObject);
    expect(
      segments().map(s => [s.dataset.role, s.style.width, s.textContent]),
    ).toEqual([['all', '100%', '100 %']]);
    expect(screen.getByRole('listitem')).toHaveTextContent(
      `100 % · ${revision(5)}`,
    );
  });

  it('names the revision still serving while the latest is not ready', async () => {
    await render(degradedObject);
    expect(screen.getByRole('listitem')).toHaveTextContent(
      `100 % · ${revision(5)}`,
    );
  });

  it('says so while the spec asks for another share than KServe reports', async () => {
    await render(canaryObject, 100);
    expect(
      screen.getByText(
        'The spec asks for 100 % on the canary; KServe still reports 20 %.',
      ),
    ).toBeInTheDocument();
  });

  it('says when there is no split (a RawDeployment)', async () => {
    await render(rawDeploymentObject);
    expect(
      screen.getByText(
        'KServe reports no traffic split for this InferenceService.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });

  it('draws no segment for a revision with 0 %, but lists it', async () => {
    const is = describeInferenceService(canaryObject, cluster);
    const traffic = {
      ...is.traffic!,
      targets: is.traffic!.targets.map(t => ({
        ...t,
        percent: t.latestRevision ? 0 : 100,
      })),
      latestPercent: 0,
      stablePercent: 100,
    };
    await renderInTestApp(<TrafficSplitBar traffic={traffic} />);
    expect(segments().map(s => s.dataset.role)).toEqual(['stable']);
    expect(screen.getAllByRole('listitem')[1]).toHaveTextContent(
      `0 % canary · ${revision(5)} · tag latest`,
    );
  });
});
