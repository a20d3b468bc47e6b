import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { unitPageTopicName } from '../../functions/core/escalation/page-topic';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { deadLetterName, queues, referralTable, type QueueDescription, type QueueName, type TableDescription } from '../resources';
import { rebuildWithDescribedIndexes } from './rebuild-table';

/**
 * Creates the table from the shared description unless it exists (data survives restarts); a table
 * kept from a version with other indexes is rebuilt with the described ones, its items kept
 * (rebuild-table.ts).
 */
export const provisionTable = async (client: DynamoDBClient, table: TableDescription = referralTable): Promise<string> => {
  const tableName = table.logicalName;
  const attributes = new Map<string, 'S' | 'N'>();
  for (const key of [table.partitionKey, table.sortKey, ...table.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey])]) {
    attributes.set(key.name, key.type);
  }
  const create = async () => {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
        KeySchema: [
          { AttributeName: table.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: table.sortKey.name, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: table.globalIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
            { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
          ],
          Projection:
            index.projection.type === 'INCLUDE'
              ? { ProjectionType: index.projection.type, NonKeyAttributes: [...index.projection.nonKeyAttributes] }
              : { ProjectionType: index.projection.type },
        })),
      }),
    );
  };
  await rebuildWithDescribedIndexes(client, table, create);
  return tableName;
};

export interface ProvisionedQueue {
  url: string;
  arn: string;
  deadLetterUrl: string;
  deadLetterArn: string;
  description: QueueDescription;
}

const createQueue = async (client: SQSClient, name: string, attributes: Record<string, string>) => {
  const created = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const url = created.QueueUrl;
  if (!url) throw new Error(`queue ${name} has no URL`);
  const described = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  const arn = described.Attributes?.['QueueArn'];
  if (!arn) throw new Error(`queue ${name} has no ARN`);
  return { url, arn };
};

const days = (n: number) => String(n * 24 * 3600);

/** Creates every queue and its dead-letter queue with the redrive policy of the shared description. */
export const provisionQueues = async (client: SQSClient): Promise<Record<QueueName, ProvisionedQueue>> => {
  const result = {} as Record<QueueName, ProvisionedQueue>;
  for (const [name, description] of Object.entries(queues) as [QueueName, QueueDescription][]) {
    const deadLetter = await createQueue(client, deadLetterName(description), {
      MessageRetentionPeriod: days(description.deadLetterRetentionDays),
    });
    const queue = await createQueue(client, description.logicalName, {
      VisibilityTimeout: String(description.visibilityTimeoutSeconds),
      MessageRetentionPeriod: days(description.retentionDays),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetter.arn, maxReceiveCount: description.maxReceiveCount }),
    });
    result[name] = { ...queue, deadLetterUrl: deadLetter.url, deadLetterArn: deadLetter.arn, description };
  }
  return result;
};

export interface ProvisionedPageTopics {
  /** The topics' common ARN, followed by the unit (the escalation stage's PAGE_TOPIC_ARN_PREFIX). */
  arnPrefix: string;
  /**
   * A queue subscribed to every page topic: fauxqs delivers SNS to SQS only, never e-mail or SMS,
   * so this inbox stands in for the subscribers a unit's admin would add in the cloud.
   */
  inboxUrl: string;
}

/** One page topic per unit, named as in the cloud (unitPageTopicName), each subscribed by the page inbox. */
export const provisionPageTopics = async (sns: SNSClient, sqs: SQSClient, units: readonly string[]): Promise<ProvisionedPageTopics> => {
  const inbox = await createQueue(sqs, 'local-page-inbox', { MessageRetentionPeriod: days(1) });
  let arnPrefix = '';
  for (const unit of units) {
    const created = await sns.send(new CreateTopicCommand({ Name: unitPageTopicName('local', unit) }));
    const arn = created.TopicArn;
    if (!arn) throw new Error(`page topic of ${unit} has no ARN`);
    arnPrefix = arn.slice(0, arn.length - unit.length);
    await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: inbox.arn }));
  }
  return { arnPrefix, inboxUrl: inbox.url };
};
