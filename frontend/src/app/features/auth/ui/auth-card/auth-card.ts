import { Component, input } from '@angular/core';
import {
  MatCard,
  MatCardContent,
  MatCardHeader,
  MatCardSubtitle,
  MatCardTitle,
} from '@angular/material/card';
import { MatProgressBar } from '@angular/material/progress-bar';

/** The centred card the sign-in and registration forms sit in, with a bar while they submit. */
@Component({
  selector: 'app-auth-card',
  imports: [MatCard, MatCardHeader, MatCardTitle, MatCardSubtitle, MatCardContent, MatProgressBar],
  templateUrl: './auth-card.html',
  styleUrl: './auth-card.scss',
})
export class AuthCard {
  readonly heading = input.required<string>();
  readonly subheading = input('');
  readonly pending = input(false);
}
