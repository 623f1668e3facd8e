import type { App } from '@slack/bolt';
import type { Services } from '../src/services/index.js';
import { homeFailureView, homeView } from '../src/views/home.js';

/** App Home: built fresh for the person each time they open the tab. */
export function register(app: App, services: Services): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    try {
      const picture = await services.home.pictureFor(event.user);
      await client.views.publish({ user_id: event.user, view: homeView(picture) });
    } catch (error) {
      services.logger.error(`App Home for ${event.user} failed:`, error);
      // There is no conversation to answer in: the Home tab itself says it went wrong.
      await client.views
        .publish({ user_id: event.user, view: homeFailureView() })
        .catch((publishError) =>
          services.logger.error('Could not show the failure on App Home:', publishError),
        );
    }
  });
}
