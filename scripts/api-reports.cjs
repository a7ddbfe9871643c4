#!/usr/bin/env node
/*
 * `backstage-repo-tools api-reports`, with the config schema tags TSDoc does not know.
 *
 * The kit's config schema types (plugins/mlops/node/src/config/schema.ts) are exported so that
 * each system's config.d.ts can use them, and Backstage's config loader reads `@visibility` and
 * `@deepVisibility` on them to keep credentials secret. API Extractor's TSDoc parser reports
 * those tags as undefined (`tsdoc-undefined-tag`, which `-o` cannot omit), so this adds them to
 * the TSDoc configuration repo-tools builds — as repo-tools itself adds `@config` and `@ignore` —
 * and then runs the command with the given arguments. Dropping the tags instead would make the
 * credentials ordinary backend config.
 *
 * Usage: node scripts/api-reports.cjs [api-reports options] [paths...]
 */
const { TSDocTagSyntaxKind } = require('@microsoft/tsdoc');
const { TSDocConfigFile } = require('@microsoft/tsdoc-config');

const CONFIG_SCHEMA_TAGS = ['@visibility', '@deepVisibility'];

const loadFile = TSDocConfigFile.loadFile;
TSDocConfigFile.loadFile = function loadFileWithConfigSchemaTags(...args) {
  const configFile = loadFile.apply(this, args);
  for (const tagName of CONFIG_SCHEMA_TAGS) {
    configFile.addTagDefinition({
      tagName,
      syntaxKind: TSDocTagSyntaxKind.BlockTag,
    });
    configFile.setSupportForTag(tagName, true);
  }
  return configFile;
};

// repo-tools must load the same @microsoft/tsdoc-config module, or the patch above is silently lost.
const repoToolsRequire = require('node:module').createRequire(
  require.resolve('@backstage/repo-tools/package.json'),
);
if (
  repoToolsRequire.resolve('@microsoft/tsdoc-config') !==
  require.resolve('@microsoft/tsdoc-config')
) {
  throw new Error(
    '@backstage/repo-tools resolves another @microsoft/tsdoc-config than scripts/api-reports.cjs; ' +
      'align the root devDependency with the version repo-tools uses',
  );
}

process.argv.splice(2, 0, 'api-reports');
require('@backstage/repo-tools/bin/backstage-repo-tools');
