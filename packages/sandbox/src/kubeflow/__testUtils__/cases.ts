import type { Case } from '../../__testUtils__/cases';
import { kfpIds } from '../../story/kubeflow';
import { KFP_OTHER_USER, KFP_PORTAL_USER } from '../../options';

const K = '/kubeflow/apis/v2beta1';
const q = encodeURIComponent;
const FRAUD_PIPELINE = kfpIds.pipeline('fraud-detection-training');
const FRAUD_EXPERIMENT = kfpIds.experiment('fraud-detection');
const WEEKLY = kfpIds.recurringRun('demand-forecast-weekly');
const NIGHTLY = kfpIds.recurringRun('fraud-detection-nightly');
const BOUNDARY = 'sandbox-case-boundary';

/** A compiled pipeline as the KFP SDK writes it (YAML), small. */
export const UPLOADED_SPEC = [
  '# PIPELINE DEFINITION',
  '# Name: churn-training',
  'pipelineInfo:',
  '  name: churn-training',
  'root:',
  '  dag:',
  '    tasks:',
  '      train:',
  '        componentRef:',
  '          name: comp-train',
  '        taskInfo:',
  '          name: train',
  '  inputDefinitions:',
  '    parameters:',
  '      learning_rate:',
  '        defaultValue: 0.1',
  '        isOptional: true',
  '        parameterType: NUMBER_DOUBLE',
  'schemaVersion: 2.1.0',
  'sdkVersion: kfp-2.13.0',
  '',
].join('\n');

/** A `multipart/form-data` request with `uploadfile`, as a KFP client sends it. */
export function uploadRequest(fileName: string, content: string) {
  return {
    headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
    body: [
      `--${BOUNDARY}`,
      `Content-Disposition: form-data; name="uploadfile"; filename="${fileName}"`,
      'Content-Type: application/x-yaml',
      '',
      content,
      `--${BOUNDARY}--`,
      '',
    ].join('\r\n'),
  };
}

const asUser = (user: string) => ({ 'kubeflow-userid': user });

/** KFP's writes (uploads, recurring-run switches) and multi-user requests. */
export function kubeflowWriteCases(): Case[] {
  return [
    {
      method: 'POST',
      url: `${K}/pipelines/upload?display_name=churn-training&description=${q(
        'Trains churn.',
      )}`,
      status: 200,
      ...uploadRequest('pipeline.yaml', UPLOADED_SPEC),
      check: b =>
        expect(b).toMatchObject({
          display_name: 'churn-training',
          name: 'churn-training',
          namespace: 'kubeflow',
        }),
    },
    {
      method: 'POST',
      url: `${K}/pipelines/upload?name=fraud-detection-training`,
      status: 409,
      ...uploadRequest('pipeline.yaml', UPLOADED_SPEC),
      check: b => expect(b.error_message).toContain('already exist'),
    },
    {
      method: 'POST',
      url: `${K}/pipelines/upload?name=broken`,
      status: 500,
      ...uploadRequest('pipeline.yaml', 'root: {}\n'),
      check: b => expect(b.error_message).toContain('pipelineInfo.name'),
    },
    {
      method: 'POST',
      url: `${K}/pipelines/upload_version?pipelineid=${FRAUD_PIPELINE}&name=v4`,
      status: 200,
      ...uploadRequest('pipeline.yaml', UPLOADED_SPEC),
      check: b =>
        expect(b).toMatchObject({
          pipeline_id: FRAUD_PIPELINE,
          display_name: 'v4',
          pipeline_spec: { pipelineInfo: { name: 'churn-training' } },
        }),
    },
    {
      method: 'POST',
      url: `${K}/pipelines/upload_version?name=v4`,
      status: 400,
      ...uploadRequest('pipeline.yaml', UPLOADED_SPEC),
    },
    {
      method: 'POST',
      url: `${K}/recurringruns/${WEEKLY}:enable`,
      status: 200,
      check: b => expect(b).toEqual({}),
    },
    {
      method: 'POST',
      url: `${K}/recurringruns/${NIGHTLY}:disable`,
      status: 200,
      check: b => expect(b).toEqual({}),
    },
    { method: 'POST', url: `${K}/recurringruns/nope:enable`, status: 404 },
    {
      method: 'GET',
      url: `${K}/pipelines?namespace=kubeflow`,
      headers: asUser(KFP_PORTAL_USER),
      status: 200,
      check: b => expect(b.total_size).toBe(2),
    },
    {
      method: 'GET',
      url: `${K}/pipelines?namespace=kubeflow`,
      headers: asUser(KFP_OTHER_USER),
      status: 403,
      check: b => expect(b.code).toBe(7),
    },
    {
      method: 'GET',
      url: `${K}/experiments`,
      headers: asUser(KFP_PORTAL_USER),
      status: 400,
    },
    {
      method: 'GET',
      url: `${K}/runs?experiment_id=${FRAUD_EXPERIMENT}&namespace=team-sandbox`,
      headers: asUser(KFP_PORTAL_USER),
      status: 400,
    },
  ];
}
