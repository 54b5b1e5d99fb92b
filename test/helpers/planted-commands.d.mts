export interface PlantedCall {
  name: string;
  argv: string[];
  /** Only when the matching plan entry reads stdin. */
  stdin?: string;
}
export interface PlantedEntry {
  /** A regex matched against the argv joined by spaces; the first matching entry answers. */
  args: string;
  stdout?: string;
  stderr?: string;
  exit?: number;
  /** Read (and log) stdin, e.g. for `kubectl apply -f-`. */
  stdin?: boolean;
}
export interface PlantedCommands {
  bin: string;
  /** PATH with the stand-ins first, and where their plan and log live. */
  env: { PATH: string; PLANTED_COMMANDS: string };
  calls(): PlantedCall[];
}
export function installPlantedCommands(root: string, plan: Record<string, PlantedEntry[]>): PlantedCommands;
