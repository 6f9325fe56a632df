export const ROLES = [
  'director',
  'deputy_director',
  'fleet_office',
  'fleet_captain',
  'group_leader',
  'manager_office',
  'driver',
  'finance',
  'admin',
] as const;

export type Role = (typeof ROLES)[number];
