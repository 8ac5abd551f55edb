import { Component, inject, OnInit } from '@angular/core';

import { StatusStore } from '../../data-access/status.store';
import { HealthCard } from '../../ui/health-card/health-card';

@Component({
  selector: 'app-status-page',
  imports: [HealthCard],
  templateUrl: './status-page.html',
  styleUrl: './status-page.scss',
})
export class StatusPage implements OnInit {
  protected readonly store = inject(StatusStore);

  ngOnInit(): void {
    this.store.load();
  }
}
