import { describe, expect, it } from "vitest";
import { readEnterprises } from "../../engine/data/read.js";
import type { InputError } from "../../engine/problem.js";
import { A, B, C } from "../helpers/codes.js";
import { firstProblem, problemsOf } from "../helpers/problems.js";
import { tmpFile } from "../helpers/tmp.js";

describe("enterprise files in JSON and NDJSON", () => {
  it("reads NDJSON and JSON", async () => {
    const nd = tmpFile(
      "e.ndjson",
      `{"uscc":"${A}","grade":"D","category":"general","departments":["市场监管局"]}\n\n{"uscc":"${B}","grade":null,"category":"key"}\n`,
    );
    const r = await readEnterprises(nd);
    expect(r.records.map((e) => [e.uscc, e.grade, e.category, e.departments])).toEqual([
      [A, "D", "general", ["市场监管局"]],
      [B, null, "key", []],
    ]);
    const js = tmpFile("e.json", JSON.stringify([{ uscc: C, category: "一般", grade: "A" }]));
    expect((await readEnterprises(js)).records[0]).toMatchObject({
      uscc: C,
      category: "general",
      grade: "A",
    });
  });

  it("a JSON or NDJSON record names its own columns: 信用等级 in one, grade in another, or an empty key left out", async () => {
    const lines = [
      { uscc: A, category: "general" },
      { 统一社会信用代码: B, 信用等级: "D", 企业类别: "一般", employees: 40 },
      { USCC: C, Grade: "C", category: "key", employees: 12 },
    ];
    const facts = { employees: { type: "number" as const } };
    const nd = tmpFile("e.ndjson", lines.map((l) => JSON.stringify(l)).join("\n"));
    const js = tmpFile("e.json", JSON.stringify(lines));
    for (const file of [nd, js]) {
      const r = await readEnterprises(file, { facts });
      expect(r.records.map((e) => [e.uscc, e.grade, e.category, e.extra.employees])).toEqual([
        [A, null, "general", undefined],
        [B, "D", "general", 40],
        [C, "C", "key", 12],
      ]);
    }
    // A problem names the key the record writes; a declared fact no record has is still refused.
    const bad = tmpFile(
      "e.ndjson",
      `{"uscc":"${A}","category":"general"}\n{"uscc":"${B}","信用等级":"E","category":"general"}\n`,
    );
    const problem = await firstProblem(readEnterprises(bad));
    expect(problem).toMatchObject({ line: 2, col: 2, column: "grade", header: "信用等级" });
    expect(await problemsOf(readEnterprises(nd, { facts: { staff: { type: "number" } } }))).toEqual([
      "1:0 [staff]: no column staff: the policy declares it a fact (facts:), which its rules would see empty for every enterprise",
    ]);
    expect(
      await problemsOf(readEnterprises(tmpFile("e.ndjson", `{"uscc":"${A}"}\n{"uscc":"${B}"}\n`))),
    ).toEqual([
      "1:0 [category]: missing required column 'category' (or a Chinese header: 企业类别, 监管类别, 类别, 企业分类)",
    ]);
  });

  it('a field an interface nests, an object or a list of them ("industry": {"code": "C13", "name": …}), is refused at its field, where it was read as its JSON text, which no condition matches; in a column no command reads it is let be', async () => {
    const nd = tmpFile(
      "e.ndjson",
      [
        { uscc: A, category: "一般", industry: { code: "C13", name: "农副食品加工业" }, 备注: { a: 1 } },
        { uscc: B, category: "一般", departments: [{ name: "市场监管局" }] },
        { uscc: C, category: "一般", region: [["淮城街道"]], departments: ["市场监管局", "人社局"] },
      ]
        .map((r) => JSON.stringify(r))
        .join("\n"),
    );
    expect(await problemsOf(readEnterprises(nd))).toEqual([
      "1:3 [industry]: the field holds an object ({code, name}), not a value: the export nests it; give the value itself as the field (as text, a number, or a list of them)",
      "2:3 [departments]: the field holds an object ({name}), not a value: the export nests it; give the value itself as the field (as text, a number, or a list of them)",
      "3:3 [region]: the field holds a list within a list, not a value: the export nests it; give the value itself as the field (as text, a number, or a list of them)",
    ]);
  });

  it("every NDJSON line that is no record (not JSON, or not an object) and every element of a JSON array that is no object is said at once, with the file's other problems", async () => {
    const nd = tmpFile(
      "e.ndjson",
      `{"uscc":"${A}","grade":"D","category":"general"}\n[1]\n{"uscc":"${B}","grade":"Q","category":"general"}\n{bad\n`,
    );
    expect(await problemsOf(readEnterprises(nd))).toEqual([
      "2:1: NDJSON: the line is not a JSON object",
      expect.stringMatching(/^3:\d+ \[grade\]: unknown grade 'Q'/),
      expect.stringMatching(/^4:1: NDJSON: Expected property name/),
    ]);
    const js = tmpFile("e.json", `[{"uscc":"${A}","grade":"D","category":"general"},\n 3,\n "${B}"]`);
    expect(await problemsOf(readEnterprises(js))).toEqual([
      "2:0: JSON: record 2 is not an object",
      "3:0: JSON: record 3 is not an object",
    ]);
  });

  it("a record of a JSON array is named by its number and the line it begins on, in a file written a key a line or all on one", async () => {
    const records = [
      { uscc: A, category: "general" },
      { uscc: B, grade: "Z", category: "general" },
      { uscc: A, category: "general" },
    ];
    const pretty = tmpFile("e.json", JSON.stringify(records, null, 2));
    const one = tmpFile("e.json", JSON.stringify(records));
    const places = async (file: string) =>
      readEnterprises(file).then(
        () => [],
        (e: InputError) => e.problems.map((p) => [p.line, p.record, p.column, p.message]),
      );
    expect(await places(pretty)).toEqual([
      [6, 2, "grade", "unknown grade 'Z' (expected A, B, C, D or empty for ungraded)"],
      [11, 3, "uscc", `duplicate unified social credit code '${A}' (also in record 1 at line 2)`],
    ]);
    expect(await places(one)).toEqual([
      [1, 2, "grade", "unknown grade 'Z' (expected A, B, C, D or empty for ungraded)"],
      [1, 3, "uscc", `duplicate unified social credit code '${A}' (also in record 1 at line 1)`],
    ]);
  });

  it("a JSON file that is an object is told where its records are: an interface's reply by the path of its array of records (data.list), or an object that is one record", async () => {
    const list = [
      { 统一社会信用代码: A, 企业类别: "一般" },
      { 统一社会信用代码: B, 企业类别: "重点" },
    ];
    const reply = tmpFile("e.json", JSON.stringify({ code: 200, msg: "成功", data: { total: 2, list } }));
    expect(await problemsOf(readEnterprises(reply))).toEqual([
      "1:1: JSON: expected an array of records: the file is an object, whose data.list (2 records) is an array of records: give that array alone as the file",
    ]);
    expect(await problemsOf(readEnterprises(reply, { lang: "zh" }))).toEqual([
      "1:1: JSON：应为记录的数组：文件是一个对象，其中 data.list（2 条记录）为记录数组：请以该数组本身作为文件",
    ]);
    const two = tmpFile(
      "e.json",
      JSON.stringify({ enterprises: list, departments: [{ name: "市场监管局" }] }),
    );
    expect(await problemsOf(readEnterprises(two))).toEqual([
      "1:1: JSON: expected an array of records: the file is an object, which holds arrays of records at enterprises (2 records), departments (1 record): give the one meant alone as the file",
    ]);
    const one = tmpFile("e.json", JSON.stringify(list[0]));
    expect(await problemsOf(readEnterprises(one))).toEqual([
      "1:1: JSON: expected an array of records: the file is one record (an object); a file of records is an array of them, [ {...}, {...} ]",
    ]);
    // One page of a longer list, as an interface gives it: said to be one, so the whole list is given.
    const page = tmpFile(
      "e.json",
      JSON.stringify({ code: 200, data: { pageNum: 1, pageSize: 2, total: "5000", list } }),
    );
    expect(await problemsOf(readEnterprises(page))).toEqual([
      "1:1: JSON: expected an array of records: the file is an object, whose data.list (2 records, one page of 5000 by data.total) is an array of records: an interface gives a long list a page at a time; give the whole list, every page's records in one array, as the file",
    ]);
    expect(await problemsOf(readEnterprises(page, { lang: "zh" }))).toEqual([
      "1:1: JSON：应为记录的数组：文件是一个对象，其中 data.list（2 条记录，仅为 data.total 所示共 5000 条中的一页）为记录数组：接口分页返回长名单；请将各页的记录合并为一个数组，作为文件",
    ]);
    // Nothing more where nothing in it is a record.
    const empty = tmpFile("e.json", JSON.stringify({ code: 500, data: { list: [] } }));
    expect(await problemsOf(readEnterprises(empty))).toEqual(["1:1: JSON: expected an array of records"]);
  });
});
