import { writeFileSync } from 'node:fs';
import { writeExport } from '../log/verify-export';
writeExport('/tmp/vb/x.json').then(({ key, bytes }) => { writeFileSync('/tmp/vb/key.txt', key); console.log(bytes); });
