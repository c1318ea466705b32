#!/usr/bin/env node
// Browser smoke test of the Waybill SPA against an already running, seeded server.
//
//   WAYBILL_URL=http://127.0.0.1:18080 npm run e2e
//
// Env: WAYBILL_URL (required), WAYBILL_TRACKING_NUMBER (optional: else one is fetched through
// the API as the demo admin), CHROMIUM_PATH (default /usr/bin/chromium), E2E_TIMEOUT_MS.
// Screenshots go to e2e/screenshots/ at 1280 and 360 px wide. Exits non-zero on any failure and
// ends with the line `e2e: N passed, M failed`.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const SHOTS = path.join(HERE, 'screenshots')
const BASE = (process.env.WAYBILL_URL ?? '').replace(/\/+$/, '')
const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS ?? 15000)
const ADMIN = { email: 'admin@waybill.test', password: 'waybill-admin-demo' }
const WIDE = { width: 1280, height: 900 }
const NARROW = { width: 360, height: 740 }

if (!BASE) {
  console.error('e2e: set WAYBILL_URL to the base URL of a running, seeded Waybill server (e.g. http://127.0.0.1:18080)')
  console.log('e2e: 0 passed, 1 failed')
  process.exit(2)
}

fs.mkdirSync(SHOTS, { recursive: true })

let passed = 0
let failed = 0
const pageErrors = []

function assert(cond, message) {
  if (!cond) throw new Error(message)
}

async function check(name, fn, page) {
  const started = Date.now()
  try {
    await fn()
    passed++
    console.log(`ok   ${name} (${Date.now() - started} ms)`)
  } catch (err) {
    failed++
    console.log(`FAIL ${name}: ${err instanceof Error ? err.message.split('\n')[0] : err}`)
    if (page) {
      const file = path.join(SHOTS, `fail-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`)
      await page.screenshot({ path: file, fullPage: true }).catch(() => {})
      console.log(`     url: ${page.url()}  screenshot: ${path.relative(process.cwd(), file)}`)
    }
  }
}

/** Full-page screenshots of the current page at 1280 and 360 px wide. */
async function shoot(page, name) {
  await page.setViewportSize(WIDE)
  await page.screenshot({ path: path.join(SHOTS, `${name}-1280.png`), fullPage: true })
  await page.setViewportSize(NARROW)
  await page.waitForTimeout(100)
  await page.screenshot({ path: path.join(SHOTS, `${name}-360.png`), fullPage: true })
  // nothing may stick out sideways on a phone
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  await page.setViewportSize(WIDE)
  assert(overflow <= 1, `${name}: the page is ${overflow}px wider than a 360px screen`)
}

async function gql(query, variables = {}, token) {
  const res = await fetch(`${BASE}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  })
  const body = await res.json().catch(() => ({}))
  if (!res.ok || body.errors?.length) {
    throw new Error(`API ${res.status}: ${JSON.stringify(body.errors ?? body).slice(0, 300)}`)
  }
  return body.data
}

/** A tracking number with at least one event, from env or through the API as the admin. */
async function findTrackingNumber() {
  if (process.env.WAYBILL_TRACKING_NUMBER) return process.env.WAYBILL_TRACKING_NUMBER
  const login = await gql(
    'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token userErrors { code message } } }',
    ADMIN,
  )
  const token = login.login.token
  assert(token, `admin login through the API failed: ${JSON.stringify(login.login.userErrors)}`)
  const data = await gql(
    `query { shipments(first: 10, where: { hasEvents: true }, orderBy: { field: LAST_EVENT_AT, direction: DESC }) {
       edges { node { trackingNumber } } } }`,
    {},
    token,
  )
  const number = data.shipments.edges.map((e) => e?.node?.trackingNumber).find(Boolean)
  assert(number, 'the API returned no shipment with tracking events (is the database seeded?)')
  return number
}

/** Opens a path with the UI in English, whatever an earlier check chose. */
async function openEnglish(page, pathname) {
  await page.goto(`${BASE}${pathname}`)
  const lang = await page.evaluate(() => document.documentElement.lang)
  if (lang !== 'en') {
    await page.evaluate(() => localStorage.setItem('waybill.locale', 'en'))
    await page.reload()
  }
}

const cardCount = (page) => page.locator('[data-testid="product-card"]').count()

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-'))
let ctx
try {
  ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    viewport: WIDE,
    locale: 'en-US',
    timezoneId: 'Asia/Shanghai',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
} catch (err) {
  console.error(`e2e: could not start Chromium: ${err instanceof Error ? err.message : err}`)
  console.log('e2e: 0 passed, 1 failed')
  process.exit(1)
}
ctx.setDefaultTimeout(TIMEOUT)
const page = ctx.pages()[0] ?? (await ctx.newPage())
page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`))

try {
  let initialCount = 0

  await check(
    'storefront shows at least 5 product cards',
    async () => {
      await openEnglish(page, '/')
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="product-card"]').length >= 5)
      initialCount = await cardCount(page)
      const price = await page.locator('[data-testid="product-price"]').first().textContent()
      assert(/\d/.test(price ?? ''), `no price on the first card (got "${price}")`)
      await shoot(page, 'storefront')
    },
    page,
  )

  await check(
    'search narrows the product list',
    async () => {
      await openEnglish(page, '/')
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="product-card"]').length >= 2)
      initialCount = await cardCount(page)
      const first = page.locator('[data-testid="product-card"]').first()
      const sku = await first.getAttribute('data-sku')
      assert(sku, 'the first product card has no SKU')
      await page.getByLabel('Search products', { exact: true }).fill(sku)
      await page.waitForFunction(
        ([n, s]) => {
          const cards = [...document.querySelectorAll('[data-testid="product-card"]')]
          return cards.length >= 1 && cards.length < n && cards.some((c) => c.getAttribute('data-sku') === s)
        },
        [initialCount, sku],
      )
      const after = await cardCount(page)
      console.log(`     search "${sku}": ${initialCount} → ${after} cards`)
      await page.getByLabel('Search products', { exact: true }).fill('')
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="product-card"]').length >= n, initialCount)
    },
    page,
  )

  await check(
    'switching language changes the visible text and is remembered',
    async () => {
      await openEnglish(page, '/')
      const nav = page.locator('header nav')
      await nav.waitFor()
      const before = (await nav.innerText()).trim()
      assert(before.includes('Shop'), `expected English navigation first, got "${before}"`)
      await page.getByLabel('Language', { exact: true }).selectOption('zh-CN')
      await page.waitForFunction(() => document.documentElement.lang === 'zh-CN')
      const after = (await nav.innerText()).trim()
      assert(after !== before && after.includes('商城'), `navigation text did not change to Chinese: "${after}"`)
      const heading = await page.locator('h1').first().innerText()
      assert(heading === '商城', `page heading is "${heading}", expected 商城`)
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="product-card"]').length >= 5)
      await shoot(page, 'storefront-zh')
      await page.reload()
      await page.waitForFunction(() => document.documentElement.lang === 'zh-CN')
      assert((await nav.innerText()).includes('商城'), 'the language choice was not remembered after a reload')
      await page.getByLabel('语言', { exact: true }).selectOption('en')
      await page.waitForFunction(() => document.documentElement.lang === 'en')
    },
    page,
  )

  await check(
    'tracking page shows the status and a timeline',
    async () => {
      const number = await findTrackingNumber()
      await openEnglish(page, `/track/${encodeURIComponent(number)}`)
      await page.locator('[data-testid="timeline-event"]').first().waitFor()
      const shown = (await page.locator('[data-testid="tracking-number"]').innerText()).trim()
      assert(shown === number, `shows tracking number "${shown}", expected "${number}"`)
      const events = await page.locator('[data-testid="timeline-event"]').count()
      assert(events >= 1, 'no tracking events in the timeline')
      console.log(`     ${number}: ${events} event(s)`)
      await shoot(page, 'tracking')
    },
    page,
  )

  await check(
    'tracking form and an unknown number give a clear "not found"',
    async () => {
      await openEnglish(page, `/track`)
      await page.getByLabel('Tracking number', { exact: true }).fill('ZZ000000000XX')
      await page.getByLabel('Tracking number', { exact: true }).press('Enter')
      await page.waitForURL(/\/track\/ZZ000000000XX$/)
      await page.locator('[data-testid="tracking-not-found"]').waitFor()
      await shoot(page, 'tracking-not-found')
    },
    page,
  )

  await check(
    'admin signs in at /login and sees the staff console',
    async () => {
      await openEnglish(page, `/login`)
      await shoot(page, 'login')
      await page.getByLabel('Email', { exact: true }).fill(ADMIN.email)
      await page.getByLabel('Password', { exact: true }).fill(ADMIN.password)
      await page.getByRole('button', { name: 'Sign in' }).click()
      // either the console opens or the form says why not
      const outcome = await Promise.race([
        // neither branch may reject: the loser would become an unhandled rejection later
        page.waitForURL(/\/staff$/).then(
          () => 'staff',
          (err) => err,
        ),
        page.locator('[data-testid="login-errors"]').waitFor().then(
          () => 'error',
          () => new Promise(() => {}),
        ),
      ])
      if (outcome instanceof Error) throw outcome
      if (outcome === 'error') {
        const msg = await page.locator('[data-testid="login-errors"]').innerText()
        throw new Error(`sign-in refused: "${msg.trim()}" (the server log may say more)`)
      }
      const rows = page.locator('[data-testid="orders-table"] tbody tr')
      await rows.first().waitFor()
      const count = await rows.count()
      await page.locator('[data-testid="warehouses-table"] tbody tr').first().waitFor()
      const token = await page.evaluate(() => localStorage.getItem('waybill.token'))
      assert(token, 'no token in localStorage["waybill.token"] after signing in')
      console.log(`     orders table: ${count} row(s)`)
      await shoot(page, 'staff')
    },
    page,
  )

  await check(
    'no uncaught JavaScript errors',
    async () => {
      assert(pageErrors.length === 0, pageErrors.join(' | '))
    },
    null,
  )
} finally {
  await ctx.close().catch(() => {})
  fs.rmSync(userDataDir, { recursive: true, force: true })
}

console.log(`screenshots: ${path.relative(process.cwd(), SHOTS) || SHOTS}`)
console.log(`e2e: ${passed} passed, ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)
