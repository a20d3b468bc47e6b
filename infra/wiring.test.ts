import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { counterCompactionWindowDays, defaultCounterCompactionWindowDays } from '../functions/core/trends/counter-compaction';
import { presentStages } from './cdk/stateless-stack';
import { queues, type QueueDescription } from './resources';
import { stages } from './stages';

/**
 * Guard rails of the wiring: a stage or queue added in one place and forgotten in another fails
 * here, before anything is deployed. (The synthesized CDK template is checked stage by stage in
 * infra/cdk/referral-desk.test.ts.)
 */

const root = join(import.meta.dirname, '..');
const localStack = readFileSync(join(root, 'infra', 'local', 'local-stack.ts'), 'utf8');
const consumedQueues = new Set<string>(Object.values(stages).flatMap((stage) => (stage.trigger.kind === 'queue' ? [stage.trigger.queue] : [])));

describe('every stage of infra/stages.ts', () => {
  it.each(Object.entries(stages))('%s has a handler that exports `handler`', (_, stage) => {
    const entry = join(root, stage.entry);
    expect(existsSync(entry), stage.entry).toBe(true);
    expect(readFileSync(entry, 'utf8')).toMatch(/export const handler\b/);
  });

  it('and only those: every functions/<stage>/handler.ts is a stage', () => {
    const onDisk = readdirSync(join(root, 'functions')).filter((dir) => existsSync(join(root, 'functions', dir, 'handler.ts')));
    expect(onDisk.sort()).toEqual(Object.keys(stages).sort());
  });

  it('is wired by the CDK stateless stack (it builds a function for every stage whose handler exists)', () => {
    expect(presentStages(stages).map(([name]) => name).sort()).toEqual(Object.keys(stages).sort());
  });

  it.each(Object.entries(stages))('%s runs on the local stack as it is triggered in the cloud', (name, stage) => {
    // The local stack imports each stage's own module (functions/<stage>/...), as Lambda loads it.
    expect(localStack, `infra/local/local-stack.ts does not load functions/${name}/`).toContain(`'../../functions/${name}/`);
    if (stage.trigger.kind === 'queue') {
      // Queue stages get an SQS event-source poller of their own queue.
      const poller = new RegExp(`new EventSourcePoller\\(\\{[^}]*queueUrl: queues\\.${stage.trigger.queue}\\.url,[^}]*functionName: '${name}'`, 's');
      expect(localStack, `no local poller of the ${stage.trigger.queue} queue runs ${name}`).toMatch(poller);
    }
    if (stage.trigger.kind === 'schedule') expect(localStack, `no local timer runs ${name}`).toMatch(/setInterval\(/);
    if (stage.trigger.kind === 'http') expect(localStack, `no local server serves ${name}`).toMatch(/serve\(/);
  });
});

describe('every queue of infra/resources.ts', () => {
  it.each(Object.entries(queues))('%s has a consuming stage or a written reason why not, not both', (name, queue: QueueDescription) => {
    const reason = queue.unconsumedBecause?.trim() ?? '';
    if (consumedQueues.has(name)) expect(reason, `${name} is consumed and says it is not`).toBe('');
    else expect(reason.length, `${name} has no consumer and no reason why not`).toBeGreaterThan(20);
  });

  it("sets the scheduler's default counter window from the queues' retention", () => {
    // Lengthening a queue's retention lengthens the window in which a counting write can repeat.
    expect(defaultCounterCompactionWindowDays).toBe(counterCompactionWindowDays(queues));
  });
});
