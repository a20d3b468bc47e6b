import { describe, expect, it } from 'vitest';
import { processFunction, queues } from '../resources';
import { stages } from '../stages';

describe('infra/stages.ts', () => {
  it('names each entry functions/<stage>/handler.ts', () => {
    for (const [name, stage] of Object.entries(stages)) {
      expect(stage.entry).toBe(`functions/${name}/handler.ts`);
    }
  });

  it("keeps each queue consumer within Lambda's rule: visibility timeout at least six times the function timeout", () => {
    for (const [name, stage] of Object.entries(stages)) {
      if (stage.trigger.kind !== 'queue') continue;
      expect(queues[stage.trigger.queue].visibilityTimeoutSeconds, name).toBeGreaterThanOrEqual(stage.timeoutSeconds * 6);
      // SQS event sources accept a maximum concurrency between 2 and 1000.
      expect(stage.trigger.maxConcurrency, name).toBeGreaterThanOrEqual(2);
      expect(stage.trigger.maxConcurrency, name).toBeLessThanOrEqual(1000);
    }
  });

  it('consumes the ingest queue with the process settings of infra/resources.ts', () => {
    expect(stages.process.trigger).toEqual({
      kind: 'queue',
      queue: 'ingest',
      batchSize: processFunction.batchSize,
      maxConcurrency: processFunction.maxConcurrency,
    });
    expect(stages.process.timeoutSeconds).toBe(processFunction.timeoutSeconds);
  });

  it('has exactly one consumer per consumed queue', () => {
    const consumed = Object.values(stages).flatMap((s) => (s.trigger.kind === 'queue' ? [s.trigger.queue] : []));
    expect(new Set(consumed).size).toBe(consumed.length);
  });
});
