module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  testRules: {
    // expectValid/expectViolation are this package's assertions.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expectValid', 'expectViolation'] },
    ],
  },
});
