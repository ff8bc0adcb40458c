'use strict';
// node lib/topics.js BOOTSTRAP PARTITIONS: creates the gateway's topics before it starts (fresh broker).
const { Kafka, logLevel } = require('kafkajs');

(async () => {
  const [bootstrap, partitions] = process.argv.slice(2);
  const kafka = new Kafka({ clientId: 'orbitlend-bench-setup', brokers: [bootstrap], logLevel: logLevel.ERROR,
    retry: { retries: 10 } });
  const admin = kafka.admin();
  await admin.connect();
  const n = Number(partitions);
  await admin.createTopics({ waitForLeaders: true, topics: ['orbitlend.notifications', 'orbitlend.notifications.dlq',
    'orbitlend.loan.events', 'orbitlend.kyc.events', 'orbitlend.marketplace.events']
    .map((topic) => ({ topic, numPartitions: n, replicationFactor: 1 })) });
  const md = await admin.fetchTopicMetadata({ topics: ['orbitlend.notifications'] });
  console.log(`orbitlend.notifications: ${md.topics[0].partitions.length} partitions`);
  await admin.disconnect();
})().catch((e) => { console.error(`topic setup failed: ${e.stack || e}`); process.exit(1); });
