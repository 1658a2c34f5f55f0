import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { configEnvNames, loadConfig } from '../../hub/config.ts';
import { HubError } from '../../hub/errors.ts';

const refusal = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).to.be.instanceOf(HubError);
    expect((e as HubError).code).to.equal('CONFIG.INVALID');
    return e as HubError;
  }
  throw new Error('the configuration was accepted');
};

describe('config: errors name the environment variable', () => {
  it('says "HUB_ADMIN_KEY must be at least 16 characters"', () => {
    const e = refusal({ HUB_ADMIN_KEY: 'short' });
    expect(e.message).to.equal('Invalid configuration: HUB_ADMIN_KEY must be at least 16 characters');
    expect(e.errors).to.deep.equal([{ field: 'HUB_ADMIN_KEY', message: 'must be at least 16 characters' }]);
  });

  it('names the variable of a number that is not one, and of a bound', () => {
    expect(refusal({ HUB_FETCH_TIMEOUT_MS: 'soon' }).message).to.equal('Invalid configuration: HUB_FETCH_TIMEOUT_MS must be a whole number');
    expect(refusal({ PORT: '70000' }).message).to.equal('Invalid configuration: PORT must be at most 65535');
  });

  it('says what a Redis URL looks like, and which entry of a list is wrong', () => {
    expect(refusal({ REDIS_URL: 'http://127.0.0.1:6379' }).message).to.equal(
      'Invalid configuration: REDIS_URL must be a redis:// or rediss:// address, e.g. redis://127.0.0.1:6379',
    );
    expect(refusal({ HUB_VIDEO_HOSTS: 'www.youtube.com,bad_host' }).errors?.[0].field).to.equal('HUB_VIDEO_HOSTS (entry 2)');
  });

  it('never shows a schema path', () => {
    const e = refusal({ HUB_ADMIN_KEY: 'short', HUB_MAX_FEED_BYTES: '1', HUB_REDIS_PREFIX: 'a b' });
    expect(e.errors?.map((x) => x.field)).to.deep.equal(['HUB_ADMIN_KEY', 'HUB_MAX_FEED_BYTES', 'HUB_REDIS_PREFIX']);
    expect(e.message).not.to.match(/\/\w/);
  });

  it('knows the variable of every field loadConfig reads from the environment, and only those', () => {
    const source = readFileSync(new URL('../../hub/config.ts', import.meta.url), 'utf8');
    const read = new Set([...source.matchAll(/env\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]));
    expect(new Set(configEnvNames().values())).to.deep.equal(read);
    expect(configEnvNames().get('adminKey')).to.equal('HUB_ADMIN_KEY');
    expect(configEnvNames().get('publicUrl')).to.equal('HUB_PUBLIC_URL');
  });
});
