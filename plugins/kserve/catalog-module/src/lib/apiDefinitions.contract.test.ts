import {
  describeWithContracts,
  findContractsDir,
} from '@mlops-portal/contract-testing';
import fs from 'node:fs';
import path from 'node:path';
import { readApiDefinitionDocument } from './apiDefinitions';

describeWithContracts(
  'the vendored V2 (Open Inference Protocol) document',
  () => {
    it('still is ../shared/contracts/kserve/rest_predict_v2.paths-fixed.yaml, byte for byte', () => {
      const shared = fs.readFileSync(
        path.join(
          findContractsDir()!,
          'kserve',
          'rest_predict_v2.paths-fixed.yaml',
        ),
        'utf8',
      );
      expect(readApiDefinitionDocument('v2')).toBe(shared);
    });
  },
);
