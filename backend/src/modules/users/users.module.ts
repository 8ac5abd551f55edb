import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ServerAdminGuard } from './server-admin.guard';
import { UserEntity } from './user.entity';
import { UserProfileCache } from './user-profile-cache';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity])],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, UserProfileCache, ServerAdminGuard],
  exports: [UsersService, ServerAdminGuard],
})
export class UsersModule {}
