// Roles of a person acting for a client (S3: who set a prohibition; V8, V9: who may see what).
import type { Labels } from './labels.ts';

/** Related-person role code system. */
export const ROLE_SYSTEM = '1.2.246.537.6.1284';

export type RoleKey = 'parent' | 'guardian' | 'trustee' | 'continuing-power-of-attorney' | 'mandate-holder';

export interface Role {
  readonly key: RoleKey;
  readonly code: string;
  readonly label: Labels;
}

const ROLES: readonly Role[] = Object.freeze([
  { key: 'parent', code: '12', label: { fi: 'Vanhempi', sv: 'Förälder', en: 'Parent' } },
  { key: 'guardian', code: '31', label: { fi: 'Huoltaja', sv: 'Vårdnadshavare', en: 'Guardian' } },
  { key: 'trustee', code: '32', label: { fi: 'Edunvalvoja', sv: 'Intressebevakare', en: 'Trustee' } },
  {
    key: 'continuing-power-of-attorney',
    code: '33',
    label: {
      fi: 'Edunvalvontavaltuutettu',
      sv: 'Intressebevakningsfullmäktig',
      en: 'Continuing power of attorney holder',
    },
  },
  { key: 'mandate-holder', code: '34', label: { fi: 'Valtuutettu', sv: 'Befullmäktigad', en: 'Mandate holder' } },
] satisfies Role[]);

const BY_CODE: ReadonlyMap<string, Role> = new Map(ROLES.map((r) => [r.code, r]));

export function roleByCode(code: string): Role | undefined {
  return BY_CODE.get(code);
}

export function roleCode(key: RoleKey): string {
  const role = ROLES.find((r) => r.key === key);
  if (!role) throw new Error(`unknown role key '${String(key)}'`);
  return role.code;
}

export function allRoles(): readonly Role[] {
  return ROLES;
}
