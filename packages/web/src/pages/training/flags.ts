// Item-health flags in plain words (docs/item-health.md, "Flags").
export const HEALTH_FLAGS = ['few-responses', 'misfit', 'drift', 'low-discrimination', 'dif', 'rapid-guessing'] as const;

const PLAIN: Record<string, string> = {
  'few-responses': 'Too few answers yet (under 100) to judge it',
  misfit: 'Answers do not follow the pattern the model expects for this item',
  drift: 'Has become easier or harder than the bank says',
  'low-discrimination': 'Barely separates strong from weak taskers',
  dif: 'Works differently for one group of taskers at the same ability',
  'rapid-guessing': 'Many answers come too fast to have been read',
};

export const plainFlag = (flag: string) => PLAIN[flag] ?? flag;
