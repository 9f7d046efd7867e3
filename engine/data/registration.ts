/**
 * An enterprise's registration status (登记状态), as a national directory exports it: 存续（在营、
 * 开业、在册）, 在业, 歇业, and those of an enterprise no longer in business where it was
 * registered: 注销, 吊销，未注销, 迁出, 撤销, 责令关闭. A draw's directory lists enterprises in
 * business; one of these drawn is a visit to nobody. The status is read to say so, not to judge:
 * which enterprises a policy leaves out is its rules' (on the column, declared as a fact).
 */
/** The enterprise file's columns of registration status, as an extra column is named (see headerKey). */
export const STATUS_COLUMNS: ReadonlySet<string> = new Set([
  "登记状态",
  "企业登记状态",
  "经营状态",
  "企业状态",
  "存续状态",
  "主体状态",
  "企业经营状态",
  "status",
]);

/** Whether an extra column is one of {@link STATUS_COLUMNS} (an English one in any case). */
export function isStatusColumn(name: string): boolean {
  return STATUS_COLUMNS.has(name) || (name.length === 6 && name.toLowerCase() === "status");
}

/** A status of an enterprise no longer in business where it was registered (吊销，未注销 too). */
const GONE = /注销|吊销|迁出|撤销|责令关闭|deregistered|revoked|moved out/i;

/** Whether a status says the enterprise is no longer in business where it was registered. */
export function isGone(status: string): boolean {
  return GONE.test(status);
}

/**
 * The enterprise file's columns of the day an enterprise left business where it was registered,
 * as a national directory exports them beside or instead of the status: a date in one says it is
 * gone, whatever the status column says (or where there is none).
 */
const GONE_DATE_COLUMNS: ReadonlySet<string> = new Set([
  "注销日期",
  "核准注销日期",
  "注销时间",
  "吊销日期",
  "吊销时间",
  "撤销日期",
  "迁出日期",
  "注销/吊销日期",
  "注吊销日期",
]);

/** Whether an extra column is one of {@link GONE_DATE_COLUMNS}. */
export function isGoneDateColumn(name: string): boolean {
  return GONE_DATE_COLUMNS.has(name);
}

/**
 * The enterprise file's columns of the registration number (注册号) a business had before the
 * unified social credit code replaced it in 2015, as older directories keep beside the code.
 */
const REGISTRATION_NUMBER_COLUMNS: ReadonlySet<string> = new Set([
  "注册号",
  "工商注册号",
  "注册号码",
  "营业执照注册号",
  "营业执照号",
]);

/** Whether an extra column is one of {@link REGISTRATION_NUMBER_COLUMNS}. */
export function isRegistrationNumberColumn(name: string): boolean {
  return REGISTRATION_NUMBER_COLUMNS.has(name);
}
