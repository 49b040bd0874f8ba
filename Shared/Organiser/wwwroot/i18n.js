// Words of the page in Vietnamese (the default) and English. Each module adds its own strings.

const dictionaries = { vi: {}, en: {} };
const LANG_KEY = 'workflow.organiser.lang';

export function addStrings({ vi, en }) {
  Object.assign(dictionaries.vi, vi);
  Object.assign(dictionaries.en, en);
}

export function lang() {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function setLang(value) {
  try {
    localStorage.setItem(LANG_KEY, value === 'en' ? 'en' : 'vi');
  } catch {
    // private mode: the choice lasts until the page is closed
  }
  document.documentElement.lang = lang();
}

/**
 * t('key', {n: 3}) → the word in the current language with {n} filled in (values are text, never markup). With a numeric
 * `count` of 1, a "key.one" form is used where the language has one ("1 day", not "1 days").
 */
export function t(key, params) {
  const words = dictionaries[lang()];
  const text = (params?.count === 1 ? words[`${key}.one`] : undefined) ?? words[key] ?? dictionaries.vi[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m)) : text;
}

addStrings({
  vi: {
    'app.title': 'Trang người tổ chức',
    'app.skip': 'Bỏ qua, đến nội dung chính',
    'nav.courses': 'Khóa học',
    'nav.complaints': 'Đơn thư',
    'nav.people': 'Người dùng',
    'nav.language': 'English',
    'nav.languageLabel': 'Switch to English',
    'nav.signOut': 'Đăng xuất',
    'nav.who': 'Người đang đăng nhập',
    'role.organiser': 'người tổ chức',
    'role.officer': 'cán bộ xử lý đơn',
    'role.leader': 'lãnh đạo',
    'role.administrator': 'quản trị viên',
    'signIn.title': 'Đăng nhập',
    'signIn.person': 'Đăng nhập bằng tài khoản công vụ của bạn. Trang chỉ hiện những việc vai trò của bạn được làm.',
    'signIn.button': 'Đăng nhập',
    'signIn.unavailable': 'Máy chủ này chưa bật đăng nhập (App Service Authentication). Hãy báo quản trị viên của Ban.',
    'signIn.keyTitle': 'Khóa của script (chỉ khi phát triển)',
    'signIn.intro': 'Nhập khóa chức năng (function key) của một script. Khóa chỉ được giữ trong thẻ trình duyệt này và mất khi đóng thẻ.',
    'signIn.key': 'Khóa chức năng',
    'signIn.submit': 'Đăng nhập bằng khóa',
    'signIn.wrong': 'Khóa không đúng hoặc đã bị thu hồi.',
    'signIn.expired': 'Phiên đăng nhập đã hết hoặc khóa không còn hiệu lực. Vui lòng đăng nhập lại.',
    'signIn.empty': 'Hãy nhập khóa.',
    'refused.title': 'Chưa vào được trang',
    'refused.signOut': 'Đăng xuất để đăng nhập bằng tài khoản khác.',
    'denied.title': 'Không có quyền xem mục này',
    'denied.text': 'Vai trò của bạn không bao gồm mục này.',
    'denied.home': 'Về trang đầu',
    'common.loading': 'Đang tải…',
    'common.save': 'Lưu',
    'common.cancel': 'Hủy bỏ',
    'common.close': 'Đóng',
    'common.back': '← Quay lại',
    'common.retry': 'Thử lại',
    'common.errorSummary': 'Chưa lưu được. Hãy sửa các mục sau:',
    'common.networkError': 'Không kết nối được với máy chủ. Hãy thử lại.',
    'common.serverError': 'Máy chủ trả lời lỗi {status}.',
    'common.notFound': 'Không tìm thấy.',
    'common.conflict': 'Không làm được lúc này',
    'common.none': '—',
    'common.yes': 'Có',
    'common.no': 'Không',
    'common.updatedAt': 'Cập nhật lúc {time}',
  },
  en: {
    'app.title': "Organiser's page",
    'app.skip': 'Skip to main content',
    'nav.courses': 'Courses',
    'nav.complaints': 'Complaints',
    'nav.people': 'People',
    'nav.language': 'Tiếng Việt',
    'nav.languageLabel': 'Chuyển sang tiếng Việt',
    'nav.signOut': 'Sign out',
    'nav.who': 'Signed in',
    'role.organiser': 'organiser',
    'role.officer': 'complaint officer',
    'role.leader': 'leader',
    'role.administrator': 'administrator',
    'signIn.title': 'Sign in',
    'signIn.person': 'Sign in with your work account. The page offers only what your roles allow.',
    'signIn.button': 'Sign in',
    'signIn.unavailable': "Sign-in is not turned on for this server (App Service Authentication). Please tell the Board's administrator.",
    'signIn.keyTitle': "A script's key (development only)",
    'signIn.intro': "Enter a script's function key. It is kept only in this browser tab and is forgotten when the tab closes.",
    'signIn.key': 'Function key',
    'signIn.submit': 'Sign in with the key',
    'signIn.wrong': 'The key is wrong or has been revoked.',
    'signIn.expired': 'The session ended or the key is no longer valid. Please sign in again.',
    'signIn.empty': 'Enter the key.',
    'refused.title': 'You cannot use the page yet',
    'refused.signOut': 'Sign out to sign in with another account.',
    'denied.title': 'Not for your roles',
    'denied.text': 'Your roles do not include this part of the page.',
    'denied.home': 'To the first page',
    'common.loading': 'Loading…',
    'common.save': 'Save',
    'common.cancel': 'Cancel',
    'common.close': 'Close',
    'common.back': '← Back',
    'common.retry': 'Try again',
    'common.errorSummary': 'Not saved. Please correct:',
    'common.networkError': 'The server could not be reached. Try again.',
    'common.serverError': 'The server answered with error {status}.',
    'common.notFound': 'Not found.',
    'common.conflict': 'Cannot be done now',
    'common.none': '—',
    'common.yes': 'Yes',
    'common.no': 'No',
    'common.updatedAt': 'Updated at {time}',
  },
});
