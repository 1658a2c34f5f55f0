import type { Command } from 'commander';
import { loadConfig } from '../../hub/config.ts';
import { startHub } from '../../hub/main.ts';

export function serveCommand(program: Command) {
  program
    .command('serve')
    .description('start the hub (same as npm start)')
    .action(async () => {
      const running = await startHub(loadConfig());
      await new Promise<void>((resolve) => {
        const stop = () => void running.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
