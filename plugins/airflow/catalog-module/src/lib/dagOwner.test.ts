import { CatalogOwnerDirectory } from '@mlops-portal/plugin-mlops-node';
import {
  catalogGroup,
  catalogUser,
  testOrganisation,
} from '../__testUtils__/catalog';
import { matchDagOwner } from './dagOwner';

const directory = new CatalogOwnerDirectory(testOrganisation);

describe('matchDagOwner', () => {
  it('takes the first owner, in Airflow order, that names a user or group', () => {
    expect(matchDagOwner(['nobody', 'bob', 'jane.doe'], directory)).toEqual({
      ref: 'user:default/bob',
      unmatched: [],
    });
    expect(matchDagOwner(['fraud-detection'], directory)).toEqual({
      ref: 'group:default/fraud-detection',
      unmatched: [],
    });
  });

  it('matches by email, name in any case, and entity ref', () => {
    expect(matchDagOwner(['jane.doe@EXAMPLE.com'], directory).ref).toBe(
      'user:default/jane.doe',
    );
    expect(matchDagOwner(['fraud-team@example.com'], directory).ref).toBe(
      'group:default/fraud-detection',
    );
    expect(matchDagOwner(['Customer-Insights'], directory).ref).toBe(
      'group:default/customer-insights',
    );
    expect(matchDagOwner(['user:default/bob'], directory).ref).toBe(
      'user:default/bob',
    );
  });

  it('splits owner values Airflow joined with commas', () => {
    expect(matchDagOwner(['nobody, Jane.Doe'], directory)).toEqual({
      ref: 'user:default/jane.doe',
      unmatched: [],
    });
    expect(matchDagOwner(['a,b', ' ', ''], directory)).toEqual({
      unmatched: ['a', 'b'],
    });
  });

  it("never maps Airflow's default owner to a group, only to a user of that name", () => {
    // testOrganisation has a group called airflow, and no such user.
    expect(matchDagOwner(['airflow'], directory)).toEqual({ unmatched: [] });
    expect(matchDagOwner(['Airflow', 'nobody'], directory)).toEqual({
      unmatched: ['nobody'],
    });
    const withUser = new CatalogOwnerDirectory([
      catalogGroup('airflow'),
      catalogUser('airflow'),
    ]);
    expect(matchDagOwner(['airflow'], withUser).ref).toBe(
      'user:default/airflow',
    );
  });

  it('reports every owner looked up when none matches', () => {
    expect(matchDagOwner([], directory)).toEqual({ unmatched: [] });
    expect(
      matchDagOwner(['Data Team', 'ops@example.com', 'airflow'], directory),
    ).toEqual({ unmatched: ['Data Team', 'ops@example.com'] });
  });
});
