"""Drives headless Chromium through Hangar's pages; see scripts/browser-test."""
import os
import sys

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

base, screenshot = sys.argv[1], sys.argv[2]
options = webdriver.ChromeOptions()
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,2000"]:
    options.add_argument(flag)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
passed = failed = 0


def check(condition, what):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok: {what}")
    else:
        failed += 1
        print(f"FAILED: {what}")


def submit(button):
    """Clicks a submit button and waits for the next page to replace this one."""
    page = driver.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(driver, 15).until(lambda _: replaced(page))


def replaced(page):
    """True once the old page's root is gone. Chromium reports a node of a replaced document
    either as stale or, when the lookup races the navigation, as an inspector error; both mean
    the page was replaced."""
    try:
        page.is_enabled()
        return False
    except WebDriverException:
        return True


def sign_in(staff):
    driver.delete_all_cookies()
    driver.get(base + "/signin")
    driver.find_element(By.NAME, "staff").send_keys(staff)
    driver.find_element(By.NAME, "password").send_keys(f"browser-{staff}-pw")
    submit(driver.find_element(By.CSS_SELECTOR, "form[action='/signin'] button"))
    if "/signin" in driver.current_url:
        print(driver.current_url, driver.find_element(By.TAG_NAME, "main").text[:300])
    check("/signin" not in driver.current_url, f"{staff} signs in")


def press(label):
    for button in driver.find_elements(By.CSS_SELECTOR, ".actions button"):
        if button.text.strip() == label:
            submit(button)
            return True
    return False


def state():
    return driver.find_element(By.CSS_SELECTOR, "h1 .state").text


def tablet():
    """A 10-inch tablet held upright: 800 x 1280 CSS pixels."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 800, "height": 1280, "deviceScaleFactor": 1, "mobile": False})


def desktop():
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


SMALL_TARGETS = """
const small = [];
const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
for (const e of document.querySelectorAll('button, select, textarea, input:not([type=hidden]), nav a, .langs a')) {
  if (!visible(e)) continue;
  const box = (e.type === 'radio' || e.type === 'checkbox') ? (e.closest('label') || e) : e;
  const h = box.getBoundingClientRect().height;
  if (h < 44) small.push((e.name || e.textContent || e.tagName).trim().slice(0, 30) + ' ' + Math.round(h) + 'px');
}
return small;
"""


def fits_tablet(path, what):
    """No sideways scroll at 800 px, and every control at least 44 px tall."""
    driver.get(base + path)
    wide = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    check(wide <= 0, f"{what} does not scroll sideways at 800 px ({wide} px too wide)")
    small = driver.execute_script(SMALL_TARGETS)
    check(not small, f"{what}: touch targets of at least 44 px {small[:5]}")


def qc(hover):
    driver.get(base + "/airframes/WEB-0001/qc")
    for item in ["motor_runup", "gps_lock"]:
        driver.find_element(By.CSS_SELECTOR, f"input[name='check.{item}'][value='pass']").click()
    field = driver.find_element(By.NAME, "measure.hover_current_a")
    field.clear()
    field.send_keys(str(hover))
    if hover > 14:
        driver.find_element(By.NAME, "defects").send_keys("HOVER_CURRENT_HIGH")
    submit(driver.find_element(By.CSS_SELECTOR, "form[action$='/qc'] button"))
    return driver.find_element(By.TAG_NAME, "h1").text


try:
    # The storekeeper receives two motors, their serials scanned into the receipt.
    sign_in("a.sadykova")
    driver.get(base + "/parts/MOTOR-2207")
    receipt = driver.find_element(By.CSS_SELECTOR, "form[action$='/events/stock_receive']")
    receipt.find_element(By.NAME, "qty").send_keys("2")
    receipt.find_element(By.NAME, "lot").send_keys("L2")
    receipt.find_element(By.NAME, "serials").send_keys("M-101\nM-102")
    submit(receipt.find_element(By.TAG_NAME, "button"))
    check("Recorded Stock receipt" in driver.page_source, "the storekeeper receives two scanned motors (the event named in words)")

    # A technician registers an airframe, installs a scanned motor and assembles it.
    sign_in("t.omarov")
    driver.get(base + "/airframes/new")
    driver.find_element(By.NAME, "serial").send_keys("web-0001")
    Select(driver.find_element(By.NAME, "model")).select_by_visible_text("FPV-7")
    driver.find_element(By.NAME, "batch").send_keys("B-WEB")
    submit(driver.find_element(By.CSS_SELECTOR, "form[action='/airframes'] button"))
    check(driver.current_url.endswith("/airframes/WEB-0001"), "registration leads to the airframe page")
    check(state() == "Assembly", "the new airframe is in assembly (the state shown by its label)")
    install = driver.find_element(By.CSS_SELECTOR, "form[action$='/events/install']")
    install.find_element(By.NAME, "component").send_keys("m-101")
    submit(install.find_element(By.TAG_NAME, "button"))
    check("/components/M-101" in driver.page_source, "the scanned motor M-101 is installed in WEB-0001")
    check(press("Assembly done"), "the technician sees 'Assembly done'")
    check(state() == "Awaiting QC", "assembled: awaiting QC")
    check(not press("Record QC"), "a technician is not offered QC")

    # An inspector fails it through the QC form.
    sign_in("i.hrytsenko")
    tablet()
    fits_tablet("/airframes/WEB-0001/qc", "the QC form on a tablet")
    desktop()
    title = qc(15.2)
    check("FAIL" in title, "QC with hover current 15.2 A fails")
    check("above the maximum 14" in driver.page_source, "the verdict says why")

    # The technician reads the page in Russian (the switch on every page) and reworks it there.
    sign_in("t.omarov")
    driver.get(base + "/airframes/WEB-0001")
    driver.find_element(By.CSS_SELECTOR, ".langs a[hreflang='ru']").click()
    WebDriverWait(driver, 15).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ru")
    check(driver.current_url.endswith("/airframes/WEB-0001"), "the language switch comes back to the same page")
    check(state() == "Доработка", "in Russian the state reads «Доработка»")
    check("БПЛА" in driver.find_element(By.TAG_NAME, "nav").text, "the menu is in Russian")
    driver.find_element(By.NAME, "work").send_keys("replaced motor 3")
    check(press("Доработка завершена"), "the technician records rework with the Russian button")
    check("Записано" in driver.page_source, "the confirmation is in Russian")
    driver.find_element(By.CSS_SELECTOR, ".langs a[hreflang='en']").click()
    WebDriverWait(driver, 15).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
    sign_in("i.hrytsenko")
    title = qc(11.4)
    check("PASS" in title, "the second QC run passes")

    # A commander reads it on the dashboard.
    sign_in("p.kravets")
    driver.get(base + "/dashboard")
    latest = driver.find_element(By.ID, "latest-deliveries").text
    check("WEB-0001" in latest, "the commander sees WEB-0001 among the latest deliveries")
    check(len(driver.find_elements(By.CSS_SELECTOR, "figure.chart > svg")) == 8, "the dashboard draws eight charts")
    driver.get(base + "/recall?part=MOTOR-2207&lot=L2")
    check("WEB-0001" in driver.find_element(By.TAG_NAME, "main").text, "recall of motor lot L2 finds WEB-0001")
    driver.save_screenshot(screenshot)
    print(f"screenshot: {screenshot}")

    # The printable report, printed by Chromium on A4: as many pages as the README says.
    import base64
    import re as regex
    driver.get(base + "/report?format=html")
    pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {
        "paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True, "printBackground": True})["data"])
    pages = len(regex.findall(rb"/Type\s*/Page[^s]", pdf))
    if os.environ.get("HANGAR_REPORT_PDF"):
        with open(os.environ["HANGAR_REPORT_PDF"], "wb") as out:
            out.write(pdf)
    print(f"the printable report prints on {pages} A4 page(s)")
    check(1 <= pages <= 4, f"the printable report fits the README's four A4 pages ({pages})")

    # The commander switches to Kazakh: the dashboard, its charts and the menu follow.
    driver.get(base + "/dashboard")
    driver.find_element(By.CSS_SELECTOR, ".langs a[hreflang='kk']").click()
    WebDriverWait(driver, 15).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "kk")
    check("Бақылау тақтасы" in driver.find_element(By.TAG_NAME, "nav").text, "the menu is in Kazakh")
    check("WEB-0001" in driver.find_element(By.ID, "latest-deliveries").text, "the Kazakh dashboard lists WEB-0001")
    check(len(driver.find_elements(By.CSS_SELECTOR, "figure.chart > svg")) == 8, "the Kazakh dashboard draws eight charts")

    # A 10-inch tablet: no page scrolls sideways and every control is big enough for a finger.
    tablet()
    for path, what in [("/dashboard", "the Kazakh dashboard"), ("/airframes/WEB-0001", "the airframe page"),
                       ("/airframes", "the airframe list"), ("/operators", "the operator list"), ("/stock", "the stock page")]:
        fits_tablet(path, what)
    desktop()
finally:
    driver.quit()

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
