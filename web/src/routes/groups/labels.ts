import type { TFunction } from 'i18next';
import type { TGroupSummary } from '../../../../common/groups.ts';

/** "2.4 km" / "850 m", in the reader's number format. */
export function formatDistance(km: number, language: string) {
  if (km < 1) {
    return `${new Intl.NumberFormat(language, { maximumFractionDigits: 0 }).format(Math.round(km * 100) * 10)} m`;
  }
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: km < 10 ? 1 : 0 }).format(km)} km`;
}

export function joinLabel(t: TFunction, group: Pick<TGroupSummary, 'joinPolicy'>) {
  return t(`groups.joinPolicy.${group.joinPolicy}`);
}

export function languageNames(codes: string[], language: string) {
  const names = new Intl.DisplayNames([language], { type: 'language' });
  return codes.map((code) => {
    try {
      return names.of(code) ?? code;
    } catch {
      return code;
    }
  });
}
