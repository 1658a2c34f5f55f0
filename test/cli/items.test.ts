/** `hub items withdraw|restore` against a running hub (HUB_URL), the CLI's main() run in process. */
import { expect } from 'chai';
import { ADMIN_KEY } from '../support/hub.ts';
import { hubCli } from '../support/cli.ts';
import { startEmbedFixture, type EmbedFixture } from '../hub/embed/fixture.ts';
import type { Item } from '../../hub/model.ts';

describe('hub items withdraw / restore (CLI)', () => {
  let f: EmbedFixture;
  before(async () => {
    f = await startEmbedFixture();
  });
  after(() => f.stop());

  it('withdraws an item and takes it back, with the same answers as the API', async () => {
    const env = { HUB_URL: f.hub.url, HUB_KEY: ADMIN_KEY };
    const [item] = (await (await f.hub.api('/api/v1/items?portal=tinh-hue&limit=1')).json()).items as Item[];
    const withdrawn = await hubCli(['--json', 'items', 'withdraw', item.id], env);
    expect(withdrawn.code, withdrawn.stderr).to.equal(0);
    expect(JSON.parse(withdrawn.stdout)[0]).to.include({ id: item.id, contentHtml: '' });
    expect((await (await f.hub.api(`/api/v1/items/${item.id}`)).json()).flags).to.include('withdrawn');
    const restored = await hubCli(['items', 'restore', item.id], env);
    expect(restored.code, restored.stderr).to.equal(0);
    expect(restored.stdout).to.contain(item.id);
    const again = await hubCli(['items', 'restore', item.id], env);
    expect(again.code).to.not.equal(0);
    expect(again.stderr).to.contain('ITEM.NOT_WITHDRAWN');
  });
});
