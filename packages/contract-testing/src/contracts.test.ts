import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  contractsSkipReason,
  describeWithContracts,
  findContractsDir,
  findRepoRoot,
  readContractDocument,
} from './contracts';

const ENV = 'MLOPS_CONTRACTS_DIR';

function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(
    Object.keys(vars).map(k => [k, process.env[k]]),
  );
  try {
    for (const [k, v] of Object.entries(vars)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    return fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('findContractsDir', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'contracts-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('honours MLOPS_CONTRACTS_DIR, resolved to an absolute path', () => {
    withEnv({ [ENV]: tmp }, () => {
      expect(findContractsDir()).toBe(tmp);
      expect(contractsSkipReason()).toBeUndefined();
    });
    const relative = path.relative(process.cwd(), tmp);
    withEnv({ [ENV]: relative }, () => expect(findContractsDir()).toBe(tmp));
  });

  it('returns undefined with a reason when MLOPS_CONTRACTS_DIR does not exist', () => {
    withEnv({ [ENV]: path.join(tmp, 'missing') }, () => {
      expect(findContractsDir()).toBeUndefined();
      expect(contractsSkipReason()).toBe(
        `${ENV}=${path.join(tmp, 'missing')} is not a directory`,
      );
    });
  });

  it('otherwise looks for ../shared/contracts beside the workspace root', () => {
    const root = findRepoRoot();
    expect(root).toBeDefined();
    expect(
      JSON.parse(fs.readFileSync(path.join(root!, 'package.json'), 'utf8'))
        .workspaces,
    ).toBeDefined();
    const expected = path.resolve(root!, '..', 'shared', 'contracts');
    const present = fs.existsSync(expected);
    withEnv({ [ENV]: undefined }, () => {
      expect(findContractsDir()).toBe(present ? expected : undefined);
      expect(contractsSkipReason()).toBe(
        present
          ? undefined
          : `../shared/contracts not found (looked in ${expected}; set ${ENV})`,
      );
    });
  });

  it('explains why a contract cannot be loaded when the folder is absent', () => {
    withEnv({ [ENV]: path.join(tmp, 'missing') }, () => {
      expect(() => readContractDocument('kserve')).toThrow(
        `Cannot load contract 'kserve': ${ENV}=${path.join(
          tmp,
          'missing',
        )} is not a directory. Wrap contract tests in describeWithContracts().`,
      );
    });
    withEnv({ [ENV]: tmp }, () => {
      expect(() => readContractDocument('mlflow-2')).toThrow(
        `Cannot load contract 'mlflow-2': ${path.join(
          tmp,
          'mlflow/rest-api.json',
        )} does not exist`,
      );
    });
  });

  it('finds no workspace root above a folder outside any repo', () => {
    expect(findRepoRoot(os.tmpdir())).toBeUndefined();
  });
});

describe('describeWithContracts without contracts', () => {
  // Runs at collection time, like any describeWithContracts call in a test file.
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  let ran = false;
  withEnv(
    {
      [ENV]: '/nonexistent/shared/contracts',
      MLOPS_CONTRACTS_REQUIRED: undefined,
    },
    () =>
      describeWithContracts('suite that needs contracts', () => {
        // Its only job is to record that it ran, which it must not.
        // eslint-disable-next-line jest/expect-expect
        it('is skipped', () => {
          ran = true;
        });
      }),
  );
  const calls = [...warn.mock.calls];
  warn.mockRestore();

  it('prints exactly one warning line naming the suite and the reason', () => {
    expect(calls).toEqual([
      [
        'contract tests skipped (suite that needs contracts): MLOPS_CONTRACTS_DIR=/nonexistent/shared/contracts is not a directory',
      ],
    ]);
  });

  it('does not run the suite', () => {
    expect(ran).toBe(false);
  });

  it('fails instead of skipping when MLOPS_CONTRACTS_REQUIRED is set (CI)', () => {
    withEnv(
      {
        [ENV]: '/nonexistent/shared/contracts',
        MLOPS_CONTRACTS_REQUIRED: 'true',
      },
      () => {
        expect(() => describeWithContracts('x', () => {})).toThrow(
          /contract tests cannot run \(x\): MLOPS_CONTRACTS_DIR=.* is not a directory/,
        );
      },
    );
  });
});
