import { Component, inject, OnInit } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';

import { ErrorState } from '../../../../shared/ui/error-state/error-state';
import { SecurityStore } from '../../data-access/security.store';
import { DeleteAccountSection } from '../../ui/delete-account-section/delete-account-section';
import { EmailSection } from '../../ui/email-section/email-section';
import { ExportSection } from '../../ui/export-section/export-section';
import { LinkedSignInSection } from '../../ui/linked-sign-in-section/linked-sign-in-section';
import { PasswordSection } from '../../ui/password-section/password-section';
import { SessionsSection } from '../../ui/sessions-section/sessions-section';
import { TwoFactorSection } from '../../ui/two-factor-section/two-factor-section';

/** The account's security: password, email, two-factor, linked sign-in, devices, your data, leaving. */
@Component({
  selector: 'app-security-page',
  imports: [
    RouterLink,
    MatIconButton,
    MatIcon,
    MatProgressBar,
    ErrorState,
    PasswordSection,
    EmailSection,
    TwoFactorSection,
    LinkedSignInSection,
    SessionsSection,
    ExportSection,
    DeleteAccountSection,
  ],
  templateUrl: './security-page.html',
  styleUrl: './security-page.scss',
})
export class SecurityPage implements OnInit {
  protected readonly store = inject(SecurityStore);

  ngOnInit(): void {
    this.store.load();
  }
}
