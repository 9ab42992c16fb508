import { Platform1764060000000 } from './1764060000000-platform';
import { CaseCore1764060100000 } from './1764060100000-case-core';
import { CaseSearchIndexes1764060150000 } from './1764060150000-case-search-indexes';
import { Evidence1764060200000 } from './1764060200000-evidence';
import { Reminders1764060300000 } from './1764060300000-reminders';
import { Exports1764060400000 } from './1764060400000-exports';
import { CaseTextSearch1764060500000 } from './1764060500000-case-text-search';
import { TimelineIntegrity1764060600000 } from './1764060600000-timeline-integrity';
import { MemberDuplicateIndex1764060700000 } from './1764060700000-member-duplicate-index';
import { Sessions1764062000000 } from './1764062000000-sessions';
import { MemberMatching1764063700000 } from './1764063700000-member-matching';
import { MemberSearch1764063800000 } from './1764063800000-member-search';
import { VerifiableLog1764063900000 } from './1764063900000-verifiable-log';
import { CaseSearchNames1764064000000 } from './1764064000000-case-search-names';

/** Every migration, in order. A feature adds its own file here. */
export const migrations = [
  Platform1764060000000,
  CaseCore1764060100000,
  CaseSearchIndexes1764060150000,
  Evidence1764060200000,
  Reminders1764060300000,
  Exports1764060400000,
  CaseTextSearch1764060500000,
  TimelineIntegrity1764060600000,
  MemberDuplicateIndex1764060700000,
  Sessions1764062000000,
  MemberMatching1764063700000,
  MemberSearch1764063800000,
  VerifiableLog1764063900000,
  CaseSearchNames1764064000000,
];
