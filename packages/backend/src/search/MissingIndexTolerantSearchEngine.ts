import type { Writable } from 'node:stream';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  QueryRequestOptions,
  QueryTranslator,
  SearchEngine,
} from '@backstage/plugin-search-backend-node';
import type {
  IndexableResultSet,
  SearchQuery,
} from '@backstage/plugin-search-common';

// Lunr keeps an index per document type only once that type's collator has produced at least one
// document, and throws MissingIndexError for a query scoped to types without one, which the search
// router answers with 500. Before the first collation, or for a type with nothing to index yet
// (TechDocs not built), "no documents" is the true answer.

/** A search engine answering a query for document types with no index yet with no results. @public */
export class MissingIndexTolerantSearchEngine implements SearchEngine {
  private readonly engine: SearchEngine;
  private readonly logger: LoggerService;

  constructor(options: { engine: SearchEngine; logger: LoggerService }) {
    this.engine = options.engine;
    this.logger = options.logger;
  }

  /** Sets the translator of the wrapped engine. */
  setTranslator(translator: QueryTranslator): void {
    this.engine.setTranslator(translator);
  }

  /** The wrapped engine's indexer for one document type. */
  getIndexer(type: string): Promise<Writable> {
    return this.engine.getIndexer(type);
  }

  /** Queries the wrapped engine; no index for the requested types means no results. */
  async query(
    query: SearchQuery,
    options?: QueryRequestOptions,
  ): Promise<IndexableResultSet> {
    try {
      return await this.engine.query(query, options);
    } catch (error) {
      if ((error as Error | undefined)?.name !== 'MissingIndexError') {
        throw error;
      }
      this.logger.debug(
        `No documents indexed yet for ${query.types?.join(
          ', ',
        )}; answering with no results`,
      );
      return { results: [], numberOfResults: 0 };
    }
  }
}
