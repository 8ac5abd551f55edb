import { TestBed } from '@angular/core/testing';
import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless';

import { provideMaterialSymbols } from './src/app/core/icons/material-symbols';

setupZonelessTestEnv();

// Components render their icons as in the app; an unregistered svgIcon name fails the test.
beforeEach(() => TestBed.configureTestingModule({ providers: [provideMaterialSymbols()] }));
