module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  testRules: {
    // expectValid is @mlops-portal/contract-testing's assertion.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expectValid'] },
    ],
  },
});
