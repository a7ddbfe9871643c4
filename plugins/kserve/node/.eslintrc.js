module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  testRules: {
    // expectValid (contract-testing) and assertHandlesAll (the kit's property tests) assert.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expectValid', 'assertHandlesAll'] },
    ],
  },
});
