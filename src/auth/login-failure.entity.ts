import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('login_failures')
export class LoginFailure {
  @PrimaryGeneratedColumn('increment')
  id: number;

  /** The lower-cased email that was tried (known or not). */
  @Column({ name: 'account_key', type: 'varchar', length: 254 })
  accountKey: string;

  @Column({ name: 'client_address', type: 'varchar', length: 64 })
  clientAddress: string;

  @Column()
  at: Date;
}
