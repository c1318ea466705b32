import { chromium } from 'playwright-core'
import fs from 'node:fs'
const base = process.env.BASE || 'http://127.0.0.1:5186'
const [,, path, name, locale = 'en'] = process.argv
const ctx = await chromium.launchPersistentContext(fs.mkdtempSync('/tmp/fe6-chromium-'), { executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'], timezoneId: 'Asia/Shanghai', locale: 'en-US' })
const page = ctx.pages()[0] ?? await ctx.newPage()
page.on('pageerror', e => console.log('PAGEERROR', e.message))
page.on('console', m => { if (m.type() === 'error') console.log('CONSOLE', m.text()) })
await page.goto(base + '/')
await page.evaluate((l) => localStorage.setItem('waybill.locale', l), locale)
if (process.env.TOKEN) await page.evaluate((t) => localStorage.setItem('waybill.token', t), process.env.TOKEN)
for (const [w, h] of [[1280, 900], [360, 740]]) {
  await page.setViewportSize({ width: w, height: h })
  await page.goto(base + path)
  await page.waitForTimeout(2500)
  if (process.env.CLICK) { for (const sel of process.env.CLICK.split(',')) { await page.locator(sel).first().click(); await page.waitForTimeout(800) } }
  await page.screenshot({ path: `/tmp/fe6-shots/${name}-${w}.png`, fullPage: true })
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  console.log(w, 'overflow', overflow, 'live', await page.locator('[data-testid="live-indicator"]').getAttribute('data-state').catch(() => null))
}
await ctx.close()
