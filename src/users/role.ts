export enum Role {
  Admin = 'admin',
  Caseworker = 'caseworker',
  Coordinator = 'coordinator',
  Researcher = 'researcher',
}

export const ROLES = Object.values(Role);
