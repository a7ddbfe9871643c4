import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { planRepository } from './repository';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [
        {
          host: 'github.example.com',
          apiBaseUrl: 'https://github.example.com/api/v3',
        },
      ],
      gitlab: [
        {
          host: 'gitlab.example.com',
          apiBaseUrl: 'https://gitlab.example.com/api/v4',
          baseUrl: 'https://gitlab.example.com',
        },
      ],
      gitea: [
        {
          host: '127.0.0.1:7101',
          baseUrl: 'http://127.0.0.1:7101/',
          username: 'u',
          password: 'p',
        },
      ],
      bitbucketServer: [{ host: 'bitbucket.example.com' }],
    },
  }),
);

describe('planRepository', () => {
  it.each([
    [
      'github.example.com?owner=acme&repo=fraud-scorer',
      'github',
      'https://github.example.com/acme/fraud-scorer.git',
    ],
    [
      'gitlab.example.com?owner=ml/team&repo=fraud-scorer',
      'gitlab',
      'https://gitlab.example.com/ml/team/fraud-scorer.git',
    ],
    [
      '127.0.0.1:7101?owner=demo&repo=fraud-scorer',
      'gitea',
      'http://127.0.0.1:7101/demo/fraud-scorer.git',
    ],
  ])('publishes %s with publish:%s', (repoUrl, publisher, cloneUrl) => {
    expect(planRepository(repoUrl, integrations)).toMatchObject({
      publisher,
      cloneUrl,
      defaultBranch: 'main',
    });
  });

  it.each([
    [
      'github.example.com?owner=acme&repo=fraud-scorer',
      'https://github.example.com/acme/fraud-scorer/blob/main/catalog-info.yaml',
    ],
    [
      'gitlab.example.com?owner=ml/team&repo=fraud-scorer',
      'https://gitlab.example.com/ml/team/fraud-scorer/-/blob/main/catalog-info.yaml',
    ],
    [
      '127.0.0.1:7101?owner=demo&repo=fraud-scorer',
      'http://127.0.0.1:7101/demo/fraud-scorer/src/branch/main/catalog-info.yaml',
    ],
  ])('registers %s from %s', (repoUrl, catalogInfoUrl) => {
    expect(planRepository(repoUrl, integrations).catalogInfoUrl).toBe(
      catalogInfoUrl,
    );
  });

  it.each([
    ['', /is required/],
    ['a b?owner=x&repo=y', /malformed/],
    [
      'unknown.example.com?owner=a&repo=b',
      /No integration is configured for the repository host 'unknown.example.com'/,
    ],
    [
      'bitbucket.example.com?project=A&repo=b',
      /bitbucketServer integration; the model-project template publishes to github, gitlab, gitea/,
    ],
    ['github.example.com?repo=b', /incomplete: .*missing owner/],
    ['github.example.com?owner=acme', /incomplete/],
    ['github.example.com?owner=acme&repo=x.git', /no repository name/],
  ])('refuses %j', (repoUrl, message) => {
    expect(() => planRepository(repoUrl, integrations)).toThrow(message);
  });
});
