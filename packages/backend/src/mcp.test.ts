// Agents over MCP: the MCP actions backend serves the MLflow plugin's actions as tools; a read
// answers, a write without permission is refused and audited like the same write over HTTP.
import { AuditorServiceCreateEventOptions } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { mlflowPermissions } from '@mlops-portal/plugin-mlflow-common';
import { useTestSandbox } from '@mlops-portal/plugin-mlops-node/testUtils';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { authorityTestFeatures, waitFor } from './__testUtils__/portal';

jest.setTimeout(120_000);

type AuditRecord = { plugin: string; eventId: string; status: string };

/** The demo's guest: a member of fraud-detection, so churn-predictor is not theirs to change. */
const GUEST = 'user:default/guest';

describe('MLflow actions over MCP', () => {
  const sandbox = useTestSandbox();
  const audit: AuditRecord[] = [];
  let baseUrl: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const auditor = createRecordingAuditor(audit);
    const backend = await startTestBackend({
      features: authorityTestFeatures({
        mlflowBaseUrl: sandbox().baseUrl('mlflow'),
        ownership: {
          [GUEST]: [GUEST, 'group:default/fraud-detection'],
        },
        policyPermissions: mlflowPermissions,
        // The MCP server lists the actions of these plugins.
        backendConfig: { actions: { pluginSources: ['mlflow'] } },
        extra: [mcpActionsPlugin, auditor],
      }),
    });
    baseUrl = `http://127.0.0.1:${
      (backend.server.address() as AddressInfo).port
    }`;
    stop = () => backend.stop();
    await waitFor(async () => {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-name/resource/default/churn-predictor')
        .set('Authorization', mockCredentials.user.header(GUEST));
      return res.status === 200;
    }, 'the MLflow provider ingesting the registry');
  });

  afterAll(async () => {
    await stop?.();
  });

  async function connect(): Promise<Client> {
    const client = new Client({ name: 'mlops-portal-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL(`${baseUrl}/api/mcp-actions/v1`),
        {
          requestInit: {
            headers: { Authorization: mockCredentials.user.header(GUEST) },
          },
        },
      ),
    );
    return client;
  }

  it('lists every MLflow read and write as a tool, with truthful hints', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    expect(tools.map(tool => tool.name).sort()).toEqual([
      'mlflow.compare-runs',
      'mlflow.delete-model-alias',
      'mlflow.get-model',
      'mlflow.get-run',
      'mlflow.get-runs',
      'mlflow.list-instances',
      'mlflow.set-model-alias',
      'mlflow.transition-model-version-stage',
    ]);
    const getModel = tools.find(tool => tool.name === 'mlflow.get-model')!;
    expect(getModel.annotations).toMatchObject({
      readOnlyHint: true,
      destructiveHint: false,
    });
    expect(getModel.inputSchema.properties).toHaveProperty('entityRef');
    const setAlias = tools.find(
      tool => tool.name === 'mlflow.set-model-alias',
    )!;
    expect(setAlias.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
    });
    await client.close();
  });

  it('calls a read', async () => {
    const client = await connect();
    const result = await client.callTool({
      name: 'mlflow.get-model',
      arguments: { entityRef: 'resource:default/churn-predictor' },
    });
    expect(result.isError).toBeFalsy();
    const text = JSON.stringify(result.content);
    expect(text).toContain('churn-predictor');
    expect(text).toContain('champion');
    await client.close();
  });

  it('refuses a write without permission, leaves MLflow untouched and audits the attempt', async () => {
    const client = await connect();
    audit.length = 0;
    const result = await client.callTool({
      name: 'mlflow.set-model-alias',
      arguments: {
        entityRef: 'resource:default/churn-predictor',
        alias: 'champion',
        version: '1',
      },
    });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(
      /Not allowed|403|NotAllowed/,
    );
    expect(
      sandbox()
        .sandbox.state.mlflow.models.get('churn-predictor')
        ?.aliases.get('champion'),
    ).toBe(2);
    expect(
      audit.filter(e => e.plugin === 'mlflow').map(e => [e.eventId, e.status]),
    ).toEqual([
      ['model-alias-set', 'initiated'],
      ['model-alias-set', 'failed'],
    ]);
    await client.close();
  });
});

/** An auditor for every plugin that records events in `audit`. */
function createRecordingAuditor(audit: AuditRecord[]) {
  return mockServices.auditor.mock({
    async createEvent(event: AuditorServiceCreateEventOptions) {
      const record = (status: string) =>
        audit.push({ plugin: pluginOf(event), eventId: event.eventId, status });
      record('initiated');
      return {
        success: async () => void record('succeeded'),
        fail: async () => void record('failed'),
      };
    },
  }).factory;
}

function pluginOf(event: AuditorServiceCreateEventOptions): string {
  // Only the MLflow plugin's events carry the model in their meta.
  return event.meta && 'model' in event.meta ? 'mlflow' : 'other';
}
