/** @jsxRuntime automatic */
/** @jsxImportSource react */
// The pragmas keep the automatic JSX runtime when tsx runs the command outside this folder (no tsconfig found).
import { join } from "node:path";
import { render, useStdout } from "ink";
import { useEffect, useState } from "react";
import type { Lang } from "../../engine/lang.js";
import { InputError } from "../../engine/problem.js";
import { writeReport } from "../../reports/write.js";
import type { SimulationResult } from "../run.js";
import { Comparison, type Progress, ProgressView } from "./Dashboard.js";

/** Runs a simulation under the dashboard: progress while it runs, then the comparison screen. */
function App(props: {
  readonly start: (onProgress: (p: Progress) => void) => Promise<SimulationResult>;
  readonly variants: readonly string[];
  readonly total: number;
  readonly lang: Lang;
  readonly exportTo: (r: SimulationResult) => string;
  readonly onError: (e: Error) => void;
}) {
  const { stdout } = useStdout();
  const [progress, setProgress] = useState<Progress>({
    done: 0,
    total: props.total,
    enterprisePeriods: 0,
    seconds: 0,
  });
  const [result, setResult] = useState<SimulationResult | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the simulation starts once, when the dashboard mounts
  useEffect(() => {
    props.start(setProgress).then(setResult, props.onError);
  }, []);
  const width = useColumns(stdout);
  if (!result)
    return <ProgressView progress={progress} variants={props.variants} lang={props.lang} width={width} />;
  return (
    <Comparison result={result} lang={props.lang} width={width} onExport={() => props.exportTo(result)} />
  );
}

/**
 * The terminal's columns, again whenever it is resized (the screens lay their rows out anew). A
 * terminal whose size is not known (a pseudo-terminal without one, as `script` or some remote
 * shells give) says 0 columns: ink then lays out 80, and so does the dashboard.
 */
export function useColumns(stdout: NodeJS.WriteStream): number {
  const [columns, setColumns] = useState(stdout.columns || 80);
  useEffect(() => {
    const resized = () => setColumns(stdout.columns || 80);
    stdout.on("resize", resized);
    return () => {
      stdout.off("resize", resized);
    };
  }, [stdout]);
  return columns;
}

/** Shows the dashboard until the user quits; `e` writes the simulation and its HTML report to `out`. */
export async function runDashboard(
  start: (onProgress: (p: Progress) => void) => Promise<SimulationResult>,
  options: {
    variants: readonly string[];
    total: number;
    lang: Lang;
    out: string;
    save: (dir: string, r: SimulationResult) => void;
  },
): Promise<number> {
  let failure: Error | undefined;
  // A failed export (a --out through a file, no permission) is said on the screen: the
  // dashboard, and the results it shows, stay.
  const exportTo = (r: SimulationResult) => {
    try {
      options.save(options.out, r);
      writeReport(options.out, "html", options.lang);
    } catch (e) {
      const why = e instanceof InputError ? e.problems[0].message : (e as Error).message;
      return options.lang === "zh" ? `报告未能导出：${why}` : `the report was not exported: ${why}`;
    }
    return options.lang === "zh"
      ? `报告已导出：${join(options.out, "report.html")}`
      : `report exported to ${join(options.out, "report.html")}`;
  };
  const app = render(
    <App
      start={start}
      variants={options.variants}
      total={options.total}
      lang={options.lang}
      exportTo={exportTo}
      onError={(e) => {
        failure = e;
        app.unmount();
      }}
    />,
  );
  await app.waitUntilExit();
  if (failure) throw failure;
  return 0;
}
