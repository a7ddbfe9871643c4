module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  testRules: {
    // expectValid (contract-testing) and expectValidEntity (__testUtils__) assert.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expectValid', 'expectValidEntity'] },
    ],
  },
});
