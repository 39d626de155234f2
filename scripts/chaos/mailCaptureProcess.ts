/**
 * The local SMTP capture as a process of its own (as `npm start` runs it in-process): mail it
 * accepts is stored in dev_mailbox. Usage: DATABASE_URL=… node --import tsx scripts/chaos/mailCaptureProcess.ts <port>
 */
import { createDb } from '../../platform/db';
import { startMailCapture } from '../../platform/mail/captureServer';

async function main(): Promise<void> {
  const port = Number(process.argv[2]);
  const url = process.env.DATABASE_URL;
  if (!url || !Number.isInteger(port)) {
    console.error('usage: DATABASE_URL=… mailCaptureProcess.ts <port>');
    process.exit(2);
  }
  const db = createDb(url);
  const capture = await startMailCapture({ port, db, host: '127.0.0.1' });
  console.log(JSON.stringify({ ready: true, url: capture.url }));
  process.on('SIGTERM', () => {
    void capture
      .stop()
      .then(() => db.destroy())
      .finally(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  console.error(`mail capture did not start: ${(err as Error).message}`);
  process.exit(1);
});
