// The tracking page's data: the public parcel view (shared by the query and the live
// subscription) and the small pure helpers the page, the timeline and the tests use.
import { graphql } from '../gql'
import type { ParcelEventFieldsFragment, ParcelViewFieldsFragment } from '../gql/graphql'
import type { Locale } from '../i18n/i18n'

export const ParcelEventFields = graphql(`
  fragment ParcelEventFields on ParcelEvent {
    id
    status
    subStatus
    description
    locationName
    city
    occurredAt
    cursor
  }
`)

// Everything but the events: the query adds `events`, the subscription `newEvents` (and
// `events`, used only when the server says `resync`).
export const ParcelViewFields = graphql(`
  fragment ParcelViewFields on ParcelTracking {
    trackingNumber
    status
    subStatus
    carrierName
    carrierNameZh
    carrierCode
    serviceLevel
    isReturn
    originCity
    destinationCity
    shippedAt
    deliveredAt
    promisedDate
    etaFrom
    etaTo
    late
    lateReason
    lastEventAt
    cursor
    route {
      city
      cityEn
      latitude
      longitude
      at
    }
    destination {
      city
      cityEn
      latitude
      longitude
    }
    position {
      latitude
      longitude
      at
    }
  }
`)

export const TrackParcelDocument = graphql(`
  query TrackParcel($trackingNumber: String!) {
    trackParcel(trackingNumber: $trackingNumber) {
      ...ParcelViewFields
      events {
        ...ParcelEventFields
      }
    }
  }
`)

export type ParcelEvent = ParcelEventFieldsFragment
export type ParcelView = ParcelViewFieldsFragment
/** The public view of a parcel with its timeline, newest event first. */
export type Parcel = ParcelView & { events: readonly ParcelEvent[] }
export type ParcelPlace = ParcelView['route'][number]

/** Tracking numbers are printed in groups and typed in lower case; the API wants them bare. */
export function normalizeTrackingNumber(raw: string): string {
  return raw.replace(/[\s-]+/g, '').toUpperCase()
}

const S10 = /^[A-Z]{2}(\d{8})(\d)[A-Z]{2}$/
const S10_WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7]

/**
 * Whether a (normalized) number is a well-formed UPU S10 number with a correct check digit,
 * e.g. WB123456785CN. Only a hint for the visitor: the server decides.
 */
export function isValidS10(number: string): boolean {
  const m = S10.exec(number)
  if (!m) return false
  const sum = [...m[1]].reduce((acc, d, i) => acc + Number(d) * S10_WEIGHTS[i], 0)
  let check = 11 - (sum % 11)
  if (check === 10) check = 0
  else if (check === 11) check = 5
  return check === Number(m[2])
}

/**
 * What a scanned QR code points at: the label's code is a URL ending in /track/<number>; a bare
 * number is accepted too. Null when it is neither.
 */
export function trackingNumberFromScan(raw: string): string | null {
  const text = raw.trim()
  const inUrl = /\/track\/([^/?#\s]+)/.exec(text)
  if (inUrl) {
    try {
      return normalizeTrackingNumber(decodeURIComponent(inUrl[1])) || null
    } catch {
      return null
    }
  }
  const bare = normalizeTrackingNumber(text)
  return /^[A-Z0-9]{6,40}$/.test(bare) ? bare : null
}

const CJK = '\\u2E80-\\u9FFF\\u3000-\\u303F\\uFF00-\\uFFEF'
// "快件已到达【北京转运中心】 Arrived at Beijing hub": Chinese, a space, then English without Chinese.
const BILINGUAL = new RegExp(`^([\\s\\S]*[${CJK}])\\s+([A-Za-z][^${CJK}]*)$`)

/**
 * Carrier descriptions and delay reasons come as "中文 English" in one string. Returns the part
 * in the viewer's language, or the whole text when it is not of that shape.
 */
export function pickLanguage(text: string, locale: Locale): string {
  const m = BILINGUAL.exec(text.trim())
  if (!m) return text
  return locale === 'zh-CN' ? m[1].trim() : m[2].trim()
}

/** City names come in Chinese; the route knows their English names. */
export function cityNames(places: readonly { city: string; cityEn: string }[]): Map<string, string> {
  const names = new Map<string, string>()
  for (const p of places) if (p.city && p.cityEn) names.set(p.city, p.cityEn)
  return names
}

export function localCity(city: string, locale: Locale, english: Map<string, string>): string {
  return locale === 'zh-CN' ? city : (english.get(city) ?? city)
}

/** The carrier's name in the page's language (Chinese falls back to the English name). */
export function carrierLabel(p: { carrierName?: string | null; carrierNameZh?: string | null }, locale: string): string {
  return (locale === 'zh-CN' ? p.carrierNameZh || p.carrierName : p.carrierName || p.carrierNameZh) ?? ''
}
