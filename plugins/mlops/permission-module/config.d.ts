export interface Config {
  /** Settings shared by the MLOps Portal plugins. */
  mlops?: {
    /** The MLOps Portal permission policy. */
    permission?: {
      /**
       * (Optional) Groups whose members may perform every write, whoever owns the entity.
       * Full entity refs of kind Group. Default: none.
       * @example ["group:default/ml-platform"]
       */
      adminGroups?: string[];
    };
  };
}
