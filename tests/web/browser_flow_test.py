#!/usr/bin/env python3
"""The whole path through the web interface in a real browser (headless Chromium driven by
Selenium, loopback only): an administrator registers an organization, opens an account for it
and revokes its token, adds a catalogue item and revises it; a purchaser publishes a tender, three suppliers bid, the purchaser
opens and qualifies, five experts declare and score, the purchaser awards, both parties sign,
the purchaser schedules and releases a payment, the supplier reports, the purchaser accepts
and opens an evaluation, the evaluator declares, scores and finalizes. Setting up accounts and
moving the test clock go through the API as an administrator would; everything a user does
goes through the pages. Screenshots of the main pages are written to --out.

Usage: browser_flow_test.py --procura BIN --web-dir DIR --out DIR [--source ROOT]
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

WAIT_SECONDS = 20
CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_code(stem):
    """A unified social credit code: the 17 characters given and their check character."""
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(stem, CREDIT_CODE_WEIGHTS))
    return stem + CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def money(yuan):
    return {'amount': yuan * 100, 'currency': 'CNY'}


class Server:
    """`procura serve` on a free loopback port over a fresh database, with the test clock."""

    def __init__(self, procura, web_dir, scratch):
        self.db = os.path.join(scratch, 'procura.db')
        token_file = os.path.join(scratch, 'admin.token')
        subprocess.run([procura, 'init', '--db', self.db, '--token-file', token_file, '--token-days', '3650'],
                       check=True, stdout=subprocess.DEVNULL)
        self.admin = open(token_file).read().strip()
        port_file = os.path.join(scratch, 'port')
        self.log = open(os.path.join(scratch, 'server.log'), 'w')
        self.process = subprocess.Popen([procura, 'serve', '--db', self.db, '--port', '0', '--port-file', port_file,
                                         '--test-clock', '--web-dir', web_dir], stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while not os.path.exists(port_file):
            if self.process.poll() is not None or time.time() > deadline:
                raise RuntimeError('procura serve did not start')
            time.sleep(0.05)
        self.port = int(open(port_file).read())
        self.base = f'http://127.0.0.1:{self.port}'

    def call(self, method, path, body=None, token=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header('Content-Type', 'application/json')
        if token:
            request.add_header('Authorization', 'Bearer ' + token)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read() or b'null')
        except urllib.error.HTTPError as failure:
            raise AssertionError(f'{method} {path}: {failure.code} {failure.read().decode()}') from None

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class Parties:
    """The organizations and accounts of the scenario, made through the API by the admin."""

    def __init__(self, server):
        admin = server.admin
        call = server.call

        def organization(kind, name, stem, region='310115'):
            return call('POST', '/api/v1/organizations',
                        {'kind': kind, 'name': name, 'credit_code': credit_code(stem), 'region': region}, admin)['id']

        def token(org, role, name):
            return call('POST', f'/api/v1/organizations/{org}/tokens',
                        {'role': role, 'display_name': name, 'valid_days': 3650}, admin)

        call('POST', '/api/v1/catalogue', {
            'code': 'JD-01', 'name': '社区戒毒社区康复社会工作服务', 'category': 'rehabilitation', 'unit': 'client_year',
            'staffing_standard': 20,
            'qualification': {'minimum_years_established': 2, 'minimum_certified_share_bp': 5000}}, admin)
        call('POST', '/api/v1/salary-benchmarks', {
            'region': '310115', 'year': 2030,
            'monthly_salary': {'none': money(6500), 'assistant_social_worker': money(7500),
                               'social_worker': money(9000), 'senior_social_worker': money(11500)},
            'employer_rates': {'pension_bp': 1600, 'medical_bp': 950, 'unemployment_bp': 50, 'work_injury_bp': 26,
                               'housing_fund_bp': 700}}, admin)
        self.purchaser = organization('purchaser', '浦东新区禁毒办', '11310115MB2F00002')
        self.purchaser_token = token(self.purchaser, 'purchaser', '采购经办人')['token']
        # Every supplier of the scenario passes qualification on this profile.
        profile = {
            'registration_date': '2015-03-01', 'registered_region': '310115',
            'staff': {'none': 4, 'assistant_social_worker': 10, 'social_worker': 6, 'senior_social_worker': 2},
            'years_of_anti_drug_service': 8, 'tax_compliant': True, 'social_insurance_compliant': True,
            'serious_violation_last_three_years': False}
        self.suppliers = []
        for i in range(3):
            org = organization('supplier', f'阳光社工服务社{i + 1}', f'52310115MJ4C000{10 + i}')
            secret = token(org, 'supplier', f'社工机构{i + 1}')['token']
            call('PUT', f'/api/v1/organizations/{org}/profile', profile, secret)
            self.suppliers.append((org, secret))
        # A fourth bidder, whose abnormally low price the purchaser hears and rejects.
        self.low_bidder = organization('supplier', '低价社工服务社', '52310115MJ4C00019')
        self.low_bidder_token = token(self.low_bidder, 'supplier', '低价社工机构')['token']
        call('PUT', f'/api/v1/organizations/{self.low_bidder}/profile', profile, self.low_bidder_token)
        platform = call('GET', '/api/v1/organizations?kind=platform')['items'][0]['id']
        self.experts = [token(platform, 'expert', f'评审专家{i + 1}') for i in range(5)]
        self.evaluator = organization('evaluator', '公信评估中心', '52310000MJ4B00001', '310000')
        self.evaluator_token = token(self.evaluator, 'evaluator', '评估员')['token']


class Browser:
    def __init__(self, base, out):
        options = Options()
        chromium = shutil.which('chromium') or '/usr/bin/chromium'
        options.binary_location = chromium
        for argument in ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
                         '--window-size=1280,1000', '--lang=zh-CN', '--no-first-run', '--disable-extensions',
                         '--disable-background-networking', '--disable-sync', '--disable-component-update',
                         '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1']:
            options.add_argument(argument)
        driver = shutil.which('chromedriver') or '/usr/bin/chromedriver'
        self.driver = webdriver.Chrome(service=Service(driver), options=options)
        self.driver.set_page_load_timeout(30)
        self.base = base
        self.out = out
        self.shots = []

    def go(self, path):
        self.driver.get(self.base + path)

    def wait(self, css, visible=True):
        condition = EC.visibility_of_element_located if visible else EC.presence_of_element_located
        try:
            return WebDriverWait(self.driver, WAIT_SECONDS).until(condition((By.CSS_SELECTOR, css)))
        except TimeoutException:
            self.screenshot('failure')
            raise AssertionError(f'{css} did not appear on {self.driver.current_url}:\n{self.body()[:3000]}') from None

    def wait_text(self, css, text):
        try:
            WebDriverWait(self.driver, WAIT_SECONDS).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))
        except TimeoutException:
            self.screenshot('failure')
            raise AssertionError(f'"{text}" not in {css} on {self.driver.current_url}:\n{self.body()[:3000]}') from None

    def body(self):
        return self.driver.find_element(By.TAG_NAME, 'body').text

    def type(self, css, text, clear=True):
        element = self.wait(css)
        if clear:
            element.clear()
        element.send_keys(text)
        return element

    def set_value(self, css, value):
        """Sets an input the way a date picker would, then lets the page see the input event."""
        element = self.wait(css)
        self.driver.execute_script(
            "const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;"
            "setter.call(arguments[0], arguments[1]);"
            "arguments[0].dispatchEvent(new Event('input', { bubbles: true }));", element, value)

    def select(self, css, value):
        Select(self.wait(css)).select_by_value(value)

    def click(self, css):
        element = self.wait(css)
        self.driver.execute_script('arguments[0].scrollIntoView({block: "center"})', element)
        element.click()

    def click_button(self, text, within='main'):
        xpath = f"//{within}//button[normalize-space()='{text}']"
        try:
            element = WebDriverWait(self.driver, WAIT_SECONDS).until(EC.element_to_be_clickable((By.XPATH, xpath)))
        except TimeoutException:
            self.screenshot('failure')
            raise AssertionError(f'no button "{text}" on {self.driver.current_url}:\n{self.body()[:3000]}') from None
        self.driver.execute_script('arguments[0].scrollIntoView({block: "center"})', element)
        element.click()

    def attach_pdf(self, container, within, file_path, note):
        """Writes a small PDF to `file_path` and attaches it through the document list in
        `container` (CSS; `within` is the same element as an XPath step for the button)."""
        with open(file_path, 'wb') as out:
            out.write(b'%PDF-1.4\n% procura browser test: ' + note.encode() + b'\n%%EOF\n')
        self.click(f'{container} .documents details summary')
        self.driver.find_element(By.CSS_SELECTOR, f'{container} .documents input[type=file]').send_keys(file_path)
        self.click_button('上传文件', within=within)
        self.wait_text(container, os.path.basename(file_path))

    def accept_confirm(self):
        WebDriverWait(self.driver, WAIT_SECONDS).until(EC.alert_is_present()).accept()

    def sign_in(self, secret):
        self.go('/')
        if self.driver.find_elements(By.ID, 'sign-out'):
            self.click('#sign-out')
        self.go('/signin')
        self.type('#field-token', secret)
        self.click('form button[type=submit]')
        self.wait('.who')

    def screenshot(self, name, full_page=True):
        path = os.path.join(self.out, f'{len(self.shots) + 1:02d}-{name}.png')
        if full_page:
            height = self.driver.execute_script('return document.documentElement.scrollHeight')
            width = self.driver.get_window_size()['width']
            self.driver.set_window_size(width, min(max(height + 120, 800), 6000))
            time.sleep(0.2)
        self.driver.save_screenshot(path)
        if full_page:
            self.driver.set_window_size(1280, 1000)
        self.shots.append(path)

    def no_console_errors(self):
        """No script error and no Content-Security-Policy refusal. Refused API calls are logged by
        the browser too; they are expected (e.g. live validation) and shown on the page."""
        problems = [entry['message'] for entry in self.driver.get_log('browser')
                    if entry['level'] == 'SEVERE' and 'Failed to load resource' not in entry['message']]
        assert not problems, f'browser console errors: {problems}'

    def quit(self):
        self.driver.quit()


def schedule_and_sign(b):
    """On a contract just drawn up, the purchaser sets the payment schedule (half on the start,
    half on 2030-12-01 once a report is accepted), which the contract needs before either party
    signs, then signs it; returns the contract's id."""
    b.wait('#sign-waits-for-schedule')
    b.wait('#schedule-form')
    contract_id = b.driver.current_url.rstrip('/').split('/')[-1]
    b.set_value('#due-1', '2030-12-01')
    b.click_button('保存付款计划')
    b.wait('#sign-form')
    b.click_button('签署合同')
    b.wait_text('main', '采购人签署')
    return contract_id


def run(server, browser):
    parties = Parties(server)
    b = browser

    # The public portal, before anything happens, and the CSP must not have blocked a thing.
    b.go('/')
    b.wait('h1')
    b.no_console_errors()
    # Keyboard first: the first Tab reaches the skip link, which leads to the content.
    b.driver.find_element(By.TAG_NAME, 'body').send_keys(Keys.TAB)
    assert b.driver.switch_to.active_element.get_attribute('class') == 'skip', 'Tab does not reach the skip link'

    # Administrator: onboards a social organization from the page (a refused credit code is
    # shown next to its field), opens an account for it, and revokes that account's token.
    b.sign_in(server.admin)
    b.click('#manage-accounts')
    b.wait('#register-organization')
    b.select('#field-kind', 'supplier')
    b.type('#field-name', '新阶梯社会工作服务社')
    b.type('#field-credit_code', '52310115MJ4C00099B')  # the check character is A
    b.type('#field-region', '310115')
    b.click_button('登记', within="form[@id='register-organization']")
    b.wait('#field-credit_code-error')
    b.type('#field-credit_code', credit_code('52310115MJ4C00099'))
    b.click_button('登记', within="form[@id='register-organization']")
    onboarded = b.wait('#registered-id').text
    b.wait_text('#organizations', '新阶梯社会工作服务社')
    assert Select(b.wait('#field-organization')).first_selected_option.get_attribute('value') == onboarded, \
        'the token form does not offer the organization just registered'
    b.select('#field-role', 'supplier')
    b.type('#field-display_name', '新阶梯经办人')
    b.type('#field-valid_days', '30')
    b.click_button('发放', within="form[@id='issue-token']")
    secret = b.wait('#issued-secret').text
    token_id = b.wait('#issued-token-id').text
    session = server.call('GET', '/api/v1/session', token=secret)
    assert session['role'] == 'supplier' and session['organization_id'] == onboarded, session
    b.screenshot('admin-accounts-token-issued')
    b.type('#field-token_id', token_id)
    b.click_button('吊销', within="form[@id='revoke-token']")
    b.accept_confirm()
    b.wait_text('#revoke-token', '令牌已吊销')
    try:
        server.call('GET', '/api/v1/session', token=secret)
        raise AssertionError('a token revoked from the page still signs in')
    except AssertionError as refused:
        assert ': 401 ' in str(refused), refused
    b.no_console_errors()

    # Administrator: a catalogue item added from the page (a code with a space is refused next
    # to its field), then revised into a second version.
    b.go('/workspace')
    b.click('#manage-catalogue')
    b.wait('#catalogue-form')
    b.type('#field-code', 'JD 02')
    b.type('#field-name', '禁毒宣传教育进社区')
    b.select('#field-category', 'prevention_education')
    b.select('#field-unit', 'session')
    b.type('#field-staffing_standard', '25')
    b.type('#field-minimum_years_established', '1')
    b.type('#field-minimum_certified_share_percent', '30')
    b.click('#field-step_referral')
    b.click_button('新增目录项目', within="form[@id='catalogue-form']")
    b.wait('#field-code-error')
    b.type('#field-code', 'JD-02')
    b.click_button('新增目录项目', within="form[@id='catalogue-form']")
    b.wait_text('#catalogue-saved', 'JD-02')
    b.click('#catalogue-JD-02 button')
    b.wait_text('#catalogue-form h2', 'JD-02')
    b.type('#field-staffing_standard', '30')
    b.click_button('保存为新版本', within="form[@id='catalogue-form']")
    b.wait_text('#catalogue-saved', '第 2 版')
    item = server.call('GET', '/api/v1/catalogue/JD-02')
    assert (item['version'], item['staffing_standard'], item['category'], item['unit']) == \
        (2, 30, 'prevention_education', 'session'), item
    assert item['qualification'] == {'minimum_years_established': 1, 'minimum_certified_share_bp': 3000,
                                     'no_serious_violation_in_three_years': True,
                                     'tax_and_social_insurance_compliance': True}, item
    assert item['service_steps'] == ['need_assessment', 'service_delivery', 'evaluation'], item
    b.screenshot('admin-catalogue-revised')
    b.no_console_errors()

    # Purchaser: a cost estimate computed on its page from the region's benchmarks, named by the
    # tender below as the source of its ceiling.
    b.sign_in(parties.purchaser_token)
    b.go('/estimate')
    b.wait('#estimate-form')
    b.type('#field-region', '310115')
    b.type('#field-year', '2030')
    b.type('#field-management_fee_percent', '10')
    b.type('#field-tax_percent', '6')
    b.click_button('测算', within="form[@id='estimate-form']")
    estimate_id = b.wait('#estimate-result code').text
    estimate = server.call('GET', f'/api/v1/cost-estimates/{estimate_id}', token=parties.purchaser_token)

    # Purchaser: a draft tender with live validation, then publication.
    b.go('/workspace')
    b.click('#new-tender')
    b.wait('#tender-form')
    b.select('#field-catalogue_code', 'JD-01')
    b.type('#field-title', '浦东新区社区戒毒社区康复社会工作服务（浏览器测试）')
    b.type('#field-quantity', '300')
    b.type('#field-region', '310115')
    # The ceiling comes from the estimate: its total in whole yuan, rounded down, not above it.
    ceiling_yuan = estimate['total']['amount'] // 100
    assert ceiling_yuan >= 2_340_000, f'the estimate ({ceiling_yuan} yuan) leaves no room for the bids below'
    b.type('#field-budget_ceiling', f'{ceiling_yuan:,}')
    b.type('#field-cost_estimate_id', estimate_id)
    b.set_value('#field-service_start', '2030-01-01')
    b.click_button('保存草稿')
    b.wait('#save-state')
    # Live validation: a zero quantity is refused next to the field, as the user types.
    b.type('#field-quantity', '0')
    b.wait('#field-quantity-error')
    b.screenshot('purchaser-tender-form-live-validation')
    b.type('#field-quantity', '300')
    b.wait_text('#save-state', '已保存')
    b.click_button('完成编辑')
    b.click_button('发布公告')
    b.wait_text('h1', '公告中')
    tender_id = b.driver.current_url.rstrip('/').split('/')[-1]
    b.screenshot('tender-published')
    # Published, the estimate explains the ceiling to anyone, signed in or not.
    b.click('#sign-out')
    b.go(f'/tenders/{tender_id}')
    total = f"{estimate['total']['amount'] // 100:,}.{estimate['total']['amount'] % 100:02d}"
    b.wait_text('#cost-estimate', total)
    b.wait_text('#cost-estimate', estimate_id)
    b.screenshot('tender-cost-estimate', full_page=True)
    b.sign_in(parties.purchaser_token)
    b.go(f'/tenders/{tender_id}')
    b.wait_text('h1', '公告中')

    # The tender file, uploaded and attached from the page; anyone downloads the same bytes.
    tender_pdf = os.path.join(os.path.dirname(server.db), '招标文件.pdf')
    tender_bytes = b'%PDF-1.4\n% procura browser test: tender file\n%%EOF\n'
    with open(tender_pdf, 'wb') as out:
        out.write(tender_bytes)
    b.click('#tender-documents summary')
    b.driver.find_element(By.ID, 'attach-tender-file').send_keys(tender_pdf)
    b.click_button('上传文件', within="form[@id='attach-tender-form']")
    b.wait_text('#tender-documents', '招标文件.pdf')
    link = b.driver.find_element(By.CSS_SELECTOR, '#tender-documents a[download]').get_attribute('href')
    with urllib.request.urlopen(link, timeout=30) as response:
        assert response.read() == tender_bytes, 'the downloaded tender file differs from the upload'

    # A duplicate draft (made through the API from the same terms) is cancelled on its page.
    original = server.call('GET', f'/api/v1/tenders/{tender_id}')
    duplicate = {key: original[key] for key in ['title', 'quantity', 'region', 'budget_ceiling', 'service_start',
                                                'service_months', 'method', 'deadline']}
    duplicate['catalogue_code'] = 'JD-01'
    duplicate['title'] += '（重复立项）'
    duplicate['criteria'] = [{key: value for key, value in criterion.items() if key in ('name', 'kind', 'points', 'metric', 'bands')}
                             for criterion in original['criteria']]
    spare = server.call('POST', '/api/v1/tenders', duplicate, parties.purchaser_token)['id']
    b.go(f'/tenders/{spare}')
    b.click('#cancel-tender summary')
    b.type('#field-cancel_reason', '重复立项，予以取消。')
    b.click_button('取消采购', within="form[@id='cancel-tender-form']")
    b.accept_confirm()
    b.wait_text('h1', '已取消')

    # A supplier asks; the purchaser answers and attaches the answer's paper.
    b.sign_in(parties.suppliers[0][1])
    b.go(f'/tenders/{tender_id}')
    b.type('#clarifications textarea', '是否接受联合体投标？')
    b.click_button('提交', within="section[@id='clarifications']")
    b.wait_text('#clarifications', '是否接受联合体投标')
    b.sign_in(parties.purchaser_token)
    b.go(f'/tenders/{tender_id}')
    b.type('#clarifications textarea', '不接受联合体投标。')
    b.click_button('答复', within="section[@id='clarifications']")
    b.wait_text('#clarifications', '不接受联合体投标')
    b.attach_pdf('#clarifications', "section[@id='clarifications']",
                 os.path.join(os.path.dirname(server.db), '答疑纪要.pdf'), 'answer')

    # Three suppliers bid; the staffing check follows the typing.
    prices = ['2,300,000', '2,320,000', '2,340,000']
    for index, (org, secret) in enumerate(parties.suppliers):
        b.sign_in(secret)
        b.go(f'/tenders/{tender_id}/bid')
        b.wait('#bid-form')
        b.type('#salary-0', '8000')
        b.wait_text('#staffing-check', '低于指导价')
        b.type('#salary-0', '9500')
        b.type('#field-price', prices[index])
        b.wait_text('#staffing-check', '在报价')
        b.type('#field-section_title', '服务方案')
        b.type('#field-section_text', '个案管理、家庭探访、同伴支持。')
        for name in ['no_serious_violation', 'tax_compliant', 'social_insurance_compliant', 'accepts_terms']:
            b.click(f'#field-{name}')
        if index == 0:
            b.screenshot('supplier-bid-form')
        b.click_button('投标')
        b.wait('#bid-receipt')
        b.wait('#download-receipt')
        if index == 0:
            b.screenshot('supplier-bid-receipt')

    # The fourth bid, through the API: 1,700,000 is below 80% of the others' mean.
    server.call('POST', f'/api/v1/tenders/{tender_id}/bids', {
        'price': money(1_700_000),
        'staffing': [{'level': 'social_worker', 'count': 15, 'monthly_salary': money(9_500), 'months': 12}],
        'technical_proposal': {'sections': [{'title': '服务方案', 'text': '以志愿者替代部分专职社工。'}], 'document_hashes': []},
        'declarations': {'no_serious_violation': True, 'tax_compliant': True, 'social_insurance_compliant': True,
                         'accepts_terms': True}}, parties.low_bidder_token)

    # Past the deadline (the server's test clock), the purchaser opens and qualifies.
    server.call('POST', '/api/v1/test/clock', {'advance_seconds': 22 * 86400}, server.admin)
    b.sign_in(parties.purchaser_token)
    b.go(f'/tenders/{tender_id}')
    b.click_button('开标')
    b.wait('#qualification-form')
    b.click_button('确认资格审查结果')
    b.wait_text('#qualification-form', '资格审查已完成')
    # The low price is flagged; the purchaser sees it, and the panel will decide on it.
    b.wait('#abnormal-prices .abnormal-price-pending')
    b.screenshot('purchaser-abnormal-price')
    b.type('#field-experts', '\n'.join(expert['account']['id'] for expert in parties.experts))
    b.click_button('组建评审委员会')
    b.wait('#panel-progress')
    b.screenshot('purchaser-qualification-and-panel')

    # Five experts declare no conflict; once all have, each scores every bid within the maximum.
    for expert in parties.experts:
        b.sign_in(expert['token'])
        b.go(f'/tenders/{tender_id}')
        b.wait('#declaration-form')
        b.click_button('提交声明')
        b.wait('#expert-actions #panel-progress')
    # A member of the panel hears the low bidder: the explanation does not hold, and the bid is
    # left out before anyone scores it.
    b.sign_in(parties.experts[0]['token'])
    b.go(f'/tenders/{tender_id}')
    b.wait('#abnormal-prices .abnormal-price-form')
    b.type('#abnormal-prices textarea', '以志愿者替代部分专职社工，工资低于指导价。')
    b.select('#abnormal-prices select', 'false')
    b.screenshot('expert-abnormal-price')
    b.click_button('记录决定', within="div[@id='abnormal-prices']")
    b.wait_text('#abnormal-prices strong', '不能说明合理性')
    review = server.call('GET', f'/api/v1/tenders/{tender_id}/qualification', token=parties.purchaser_token)
    flagged = [bid for bid in review['bids'] if bid.get('abnormal_price', {}).get('flagged')]
    assert len(flagged) == 1 and flagged[0]['abnormal_price']['accepted'] is False, flagged
    for index, expert in enumerate(parties.experts):
        b.sign_in(expert['token'])
        b.go(f'/tenders/{tender_id}')
        b.wait('#score-form')
        inputs = b.driver.find_elements(By.CSS_SELECTOR, '#score-form input[type=number]')
        assert len(inputs) == 3, f'expected 3 score fields, found {len(inputs)}'
        for field, points in zip(inputs, ['65', '60', '55']):
            assert field.get_attribute('max') == '70'
            field.clear()
            field.send_keys(points)
        if index == 0:
            b.screenshot('expert-score-sheet')
        b.click_button('提交评分')
        b.wait_text('#expert-actions', '评分已提交')
    b.screenshot('expert-panel-progress')

    # Award, contract, signatures.
    b.sign_in(parties.purchaser_token)
    b.go(f'/tenders/{tender_id}')
    b.wait('#award-form')
    b.click_button('定标')
    b.wait('#contract-form')
    b.click_button('生成合同')
    contract_id = schedule_and_sign(b)

    # The second-ranked supplier challenges the award. The purchaser upholds the challenge and
    # awards again, with the reason; the draft signed by one party only is cancelled (SPEC §3.5).
    first_contract = contract_id
    ranking = server.call('GET', f'/api/v1/tenders/{tender_id}/ranking')
    second = ranking['entries'][1]
    winner_token = next(secret for org, secret in parties.suppliers if org == second['supplier_id'])
    b.sign_in(winner_token)
    b.go(f'/tenders/{tender_id}')
    b.click('#challenge summary')
    b.type('#field-challenge_text', '对服务方案的评分有异议，请求复核。')
    b.click_button('提交', within="form[@id='challenge-form']")
    b.wait('#challenges .status-open')
    b.sign_in(parties.purchaser_token)
    b.go(f'/tenders/{tender_id}')
    b.wait('#answer-challenge-form')
    b.type('#field-challenge_answer', '经复核，服务方案评分有误，质疑成立。')
    b.select('#field-challenge_upheld', 'true')
    b.click_button('答复质疑')
    b.wait('#challenges .status-upheld')
    b.wait('#award-form')
    b.select('#field-bid_id', second['bid_id'])
    b.type('#field-reason', '质疑成立，改由排名第二的供应商中标。')
    b.screenshot('purchaser-award-again')
    b.click_button('定标')
    b.wait('#contract-form')
    b.wait_text('#purchaser-actions', first_contract)
    b.click_button('生成合同')
    contract_id = schedule_and_sign(b)
    assert contract_id != first_contract, 'the award again drew up no new contract'
    b.go(f'/contracts/{first_contract}')
    b.wait_text('h1', '已取消')
    b.sign_in(winner_token)
    b.go(f'/contracts/{contract_id}')
    b.click_button('签署合同')
    b.wait_text('h1', '履行中')

    # The schedule signed, with the payroll-coverage chart, and a release.
    b.sign_in(parties.purchaser_token)
    b.go(f'/contracts/{contract_id}')
    b.wait('#ledger-table')
    b.wait('#coverage-chart')
    b.click_button('支付')
    b.accept_confirm()
    # The first of two equal instalments of the new winner's price (fen).
    b.wait_text('#ledger-table', f"¥{second['price']['amount'] / 200:,.2f}")
    b.screenshot('contract-ledger-and-coverage')

    # The purchaser proposes an amendment adding 5%, with the schedule of what is unreleased;
    # the supplier agrees, and the price grows by it.
    price = second['price']['amount']
    added = price // 20
    b.click('#propose-amendment summary')
    b.type('#field-amendment_reason', '服务对象增加 15 人，相应增加个案服务。')
    b.type('#field-added_value', f'{added / 100:.2f}')
    b.set_value('#amendment-due-0', '2030-12-01')
    b.click_button('提出合同变更', within="form[@id='amendment-form']")
    b.wait('#amendment-1 .status-pending')
    b.sign_in(winner_token)
    b.go(f'/contracts/{contract_id}')
    b.click_button('同意变更')
    b.accept_confirm()
    b.wait('#amendment-1 .status-agreed')
    b.wait_text('main', f'¥{(price + added) / 100:,.2f}')
    b.screenshot('contract-amendment-agreed')

    # The supplier reports a month of service; the purchaser accepts and opens an evaluation.
    server.call('POST', '/api/v1/test/clock', {'now': '2030-02-02T10:00:00+08:00'}, server.admin)
    b.sign_in(winner_token)
    b.go(f'/contracts/{contract_id}')
    def report_january():
        b.wait('#report-form')
        b.set_value('#field-period_start', '2030-01-01')
        for name, value in [('clients_served', '300'), ('home_visits', '2400'), ('counselling_sessions', '1250'),
                            ('referrals', '40'), ('no_relapse_one_year', '240'), ('no_relapse_three_years', '90'),
                            ('employment_placements', '30')]:
            b.type(f'#field-{name}', value)
        b.click_button('提交服务报告')
        b.wait('#reports-table')
    report_january()
    b.screenshot('supplier-report')
    # The purchaser returns it for correction; the supplier sends it again.
    b.sign_in(parties.purchaser_token)
    b.go(f'/contracts/{contract_id}')
    b.click('.return-report summary')
    b.type('.return-report input', '家访次数与台账不符，请核对。')
    b.click_button('退回修改', within="details[@class='return-report']")
    b.wait_text('#reports-table', '已退回')
    b.sign_in(winner_token)
    b.go(f'/contracts/{contract_id}')
    report_january()
    WebDriverWait(b.driver, WAIT_SECONDS).until(
        lambda driver: len(driver.find_elements(By.CSS_SELECTOR, '#reports-table tbody tr')) == 2)
    # Evidence goes with the report while it waits for acceptance.
    b.attach_pdf('#reports-table', "table[@id='reports-table']", os.path.join(os.path.dirname(server.db), '家访记录.pdf'),
                 'home visit log')
    b.sign_in(parties.purchaser_token)
    b.go(f'/contracts/{contract_id}')
    # What the purchaser accepts: the workers, their salaries held to the region's guide, the counts.
    b.click('#reports-table .report-details summary')
    b.wait_text('#reports-table .report-details', '2030 年度薪酬指导价')
    b.wait_text('#reports-table .report-details', '家访次数')
    b.click_button('验收')
    b.wait_text('#reports-table', '已验收')
    b.select('#field-evaluator_id', parties.evaluator)
    b.click_button('启动绩效评价')
    b.wait('h1')
    b.wait_text('h1', '终期评价')
    evaluation_id = b.driver.current_url.rstrip('/').split('/')[-1]

    # The evaluator declares, records the survey and the leaves, and finalizes.
    b.sign_in(parties.evaluator_token)
    b.go('/workspace')
    b.wait('#assignments a')
    b.go(f'/evaluations/{evaluation_id}')
    b.click_button('提交声明')
    b.wait('#survey-form')
    for name, value in [('very_satisfied', '120'), ('satisfied', '60'), ('neutral', '15'), ('dissatisfied', '5'),
                        ('very_dissatisfied', '0')]:
        b.type(f'#field-{name}', value)
    b.click_button('保存调查结果')
    b.wait_text('#survey-form', '已保存')
    b.select('#field-worker_ratio__achieved', 'true')
    b.type('#field-certified_share__numerator', '15')
    b.type('#field-certified_share__denominator', '15')
    b.select('#field-salary_compliance__achieved', 'true')
    b.select('#field-employment__judgement', 'partly')
    b.type('#field-employment__percent', '70')
    b.type('#field-employment__justification', '就业安置达到目标的七成。')
    b.type('#field-budget_execution__actual', '96')
    b.screenshot('evaluator-scoring-form')
    # Evidence for an indicator, attached while scoring.
    b.attach_pdf('#evaluation-evidence', "section[@id='evaluation-evidence']",
                 os.path.join(os.path.dirname(server.db), '满意度调查.pdf'), 'satisfaction survey')
    b.click_button('保存评分')
    b.wait_text('#evaluation-scores-form', '已保存')
    b.click_button('定稿并计算等级')
    b.accept_confirm()
    b.wait('#evaluation-grade')
    b.screenshot('evaluation-finalized')

    # The public sees it all: ranking with per-item scores, ledger, evaluation, indicators.
    b.click('#sign-out')
    b.go(f'/tenders/{tender_id}')
    b.wait('#ranking-table')
    assert '中标' in b.driver.find_element(By.ID, 'ranking-table').text
    b.screenshot('public-tender-ranking')
    b.go(f'/contracts/{contract_id}')
    b.wait('#ledger-table')
    b.screenshot('public-contract')
    b.go(f'/suppliers/{second["supplier_id"]}')
    b.wait('#track-record-chart')
    b.screenshot('public-track-record')
    b.go('/indicators')
    b.wait('#trend-chart')
    b.screenshot('public-indicators')
    b.go('/red-flags')
    b.wait('#field-scope')
    b.select('#field-scope', f'purchaser:{parties.purchaser}')
    b.wait('details')
    b.screenshot('public-red-flags')
    b.go('/open-data')
    b.wait('#ocds-releases')
    b.click_button('English', within='header')
    b.wait_text('h1', 'Open data')
    b.screenshot('public-open-data-english')
    b.driver.set_window_size(390, 844)
    b.go('/')
    b.wait('#tenders-table')
    b.screenshot('phone-tenders', full_page=False)
    b.no_console_errors()
    return len(b.shots)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--procura', required=True)
    parser.add_argument('--web-dir', required=True)
    parser.add_argument('--out', required=True)
    arguments = parser.parse_args()
    if not os.path.isfile(os.path.join(arguments.web_dir, 'index.html')):
        print(f'no built web app in {arguments.web_dir}: scripts/test builds it (node web/build.mjs DIR)')
        return 1
    shutil.rmtree(arguments.out, ignore_errors=True)
    os.makedirs(arguments.out)
    started = time.time()
    with tempfile.TemporaryDirectory(prefix='procura-browser-') as scratch:
        server = Server(arguments.procura, os.path.abspath(arguments.web_dir), scratch)
        browser = None
        try:
            browser = Browser(server.base, arguments.out)
            shots = run(server, browser)
        except Exception:
            print(open(os.path.join(scratch, 'server.log')).read()[-4000:], file=sys.stderr)
            raise
        finally:
            if browser:
                browser.quit()
            server.stop()
    print(f'browser flow passed in {time.time() - started:.1f} s; {shots} screenshots in {arguments.out}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
