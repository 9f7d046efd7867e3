import type { Enterprise } from "./records.js";

/**
 * Why no draw can be made from a list of enterprises, each with the column it is about: none names
 * a supervising department (every task's pool would be empty), or none has a credit grade (every
 * one would be drawn as ungraded). Both are what a directory exported without that column gives,
 * and the draw would be made, and recorded, without a word.
 */
export function undrawable(enterprises: readonly Enterprise[]): { column: string; en: string; zh: string }[] {
  if (enterprises.length === 0) return [];
  const reasons: { column: string; en: string; zh: string }[] = [];
  if (enterprises.every((e) => e.departments.length === 0))
    reasons.push({
      column: "departments",
      en: "no enterprise names a supervising department (column departments, 监管部门): every task's pool would be empty",
      zh: "没有企业填写监管部门（“监管部门”列）：各任务的抽取范围将为空",
    });
  if (enterprises.every((e) => e.grade === null))
    reasons.push({
      column: "grade",
      en: "no enterprise has a credit grade (column grade, 信用等级): every one would be drawn as ungraded",
      zh: "没有企业有信用等级（“信用等级”列）：所有企业都将按未分级抽取",
    });
  return reasons;
}
