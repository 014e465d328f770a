import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A page that fails to draw says so inside the frame, with a way on, instead of leaving a blank
 * screen: the header, Quick exit and the bottom bar stay usable. Keyed by the address where it
 * is used, so moving to another page tries again.
 */
export class PageErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  componentDidCatch(error: unknown) {
    // For whoever looks at the browser's console; nothing leaves the device.
    console.error('A page failed to draw', error);
  }

  render() {
    return this.state.failed ? <PageFailed /> : this.props.children;
  }
}

function PageFailed() {
  const { t } = useTranslation();
  return (
    <div role="alert">
      <h1>{t('app.pageFailed')}</h1>
      <p>{t('app.pageFailedHint')}</p>
      <p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          {t('app.reload')}
        </button>
      </p>
    </div>
  );
}
