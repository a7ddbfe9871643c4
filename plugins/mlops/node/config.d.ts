export interface Config {
  /** Settings shared by the MLOps Portal plugins. */
  mlops?: {
    /** Who may read and change upstream objects through the portal. */
    authority?: {
      /**
       * (Optional) When true, a read through an entity's annotation (runs, a model, …) needs
       * read access to the entity that the suite's provider ingested for the upstream object,
       * and only admins (`mlops.unmanaged-object.read`) may read objects without one, such as
       * objects of a kind no provider ingests. Default false: reads through annotations are
       * open, writes are always authorized against the ingested entity.
       */
      restrictReads?: boolean;
    };
  };
}
