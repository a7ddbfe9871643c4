module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  testRules: {
    // expectValidEntity (the kit's testUtils) asserts.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expectValidEntity'] },
    ],
  },
});
