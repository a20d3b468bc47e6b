/** A tiny handler so PipelineFunction's tests bundle in milliseconds and do not depend on the real stages. */
export const handler = async (event: unknown): Promise<unknown> => event;
