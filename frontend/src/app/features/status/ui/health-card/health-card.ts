import { Component, computed, input, output } from '@angular/core';
import {
  MatCard,
  MatCardContent,
  MatCardHeader,
  MatCardSubtitle,
  MatCardTitle,
} from '@angular/material/card';
import { MatIcon } from '@angular/material/icon';
import { MatProgressSpinner } from '@angular/material/progress-spinner';

import { ErrorState } from '../../../../shared/ui/error-state/error-state';

/** Shows one API health check: checking, the reported status, or why it failed. */
@Component({
  selector: 'app-health-card',
  imports: [
    MatCard,
    MatCardHeader,
    MatCardTitle,
    MatCardSubtitle,
    MatCardContent,
    MatIcon,
    MatProgressSpinner,
    ErrorState,
  ],
  templateUrl: './health-card.html',
  styleUrl: './health-card.scss',
})
export class HealthCard {
  readonly loading = input(false);
  readonly status = input<string | null>(null);
  readonly error = input<string | null>(null);
  readonly retry = output();

  protected readonly healthy = computed(() => this.status() === 'ok');
}
