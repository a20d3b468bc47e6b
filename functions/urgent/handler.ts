import type { RuntimeConfig } from '../adapters/runtime-config';
import { readRuntimeConfig } from '../adapters/runtime-config';
import { createProcessHandler, createProcessStage, processImageReaders, type ProcessClients } from '../process/handler';

/**
 * The urgent lane's stage (core/ingest-lane.ts): reports that may be a threat to life, processed
 * exactly as the process stage processes the rest, by a function of its own whose reserved
 * executions no ingest backlog can take (infra/stages.ts). Its dead letters are its own queue's.
 */
export const createUrgentHandler = (config: RuntimeConfig, clients: ProcessClients = processImageReaders) =>
  createProcessHandler(() => createProcessStage(config, clients, 'urgent'));

export const handler = createProcessHandler(() => createProcessStage(readRuntimeConfig(), processImageReaders, 'urgent'));
